using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

public sealed partial class SqlJournal
{
    private DateTimeOffset lastForgotten = DateTimeOffset.MinValue;

    /// <inheritdoc />
    /// <remarks>
    /// A burst that adds a job is made durable before it counts. One that only merges into jobs
    /// already recorded is not: the jobs it merges into were made durable when they were added, so a
    /// power cut can only cost the merge's bookkeeping (count, newest SHA, delivery ids), never the
    /// work; a crash of the process costs nothing. The batch's merges, heal changes and delivery ids
    /// are written once per job, checkout and id at the end of the transaction, not once per offer:
    /// a burst into one waiting job costs a few statements, whatever its size.
    /// </remarks>
    public Task<Either<Error, Seq<Recorded>>> Offer(Seq<JobOffer> offers, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        var now = Now();
        var repos = offers.Map(o => o.Request.Repo.Value).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        var (open, boards, facts) = await ReadBoards(tx, repos);
        var recorded = new List<Recorded>();
        var merges = new Dictionary<long, PendingMerge>();
        var heals = new Dictionary<(string Repo, string Action), Option<JobId>>();
        var deliveries = new Dictionary<string, JobId>(StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            var repo = offer.Request.Repo.Value;
            var board = boards[repo];
            var placed = board.Place(offer.Request);
            switch (placed)
            {
                case Placement.MergeInto merge:
                    var replaced = board.Find(merge.Job).Map(j => j.Request).IfNone(offer.Request);
                    boards[repo] = board.Merge(merge.Job, offer.Request);
                    var carried = boards[repo].Find(merge.Job).Map(j => j.Request).IfNone(offer.Request);
                    merges[merge.Job.Value] = (merges.TryGetValue(merge.Job.Value, out var pending) ? pending : PendingMerge.None).With(offer, carried);
                    HealOnOffer(heals, offer, merge.Job);
                    Remember(deliveries, offer.DeliveryId, merge.Job);
                    recorded.Add(new Recorded(new Enqueued(merge.Job, offer.Request.Action, true, open), new JobEvent.Merged(merge.Job, replaced, carried)));
                    break;
                case Placement.NewJob added:
                    var id = await Add(tx, offer, followUp: !added.Ready, now, facts);
                    HealOnOffer(heals, offer, id);
                    Remember(deliveries, offer.DeliveryId, id);
                    boards[repo] = board.Add(id, offer.Request);
                    open++;
                    recorded.Add(new Recorded(new Enqueued(id, offer.Request.Action, false, open), new JobEvent.Queued(id, offer.Request)));
                    break;
            }
        }
        // Said before the writes that follow, so the database hears it with them rather than in a round trip of its own.
        var onlyMerged = recorded.TrueForAll(r => r.Answer.Merged);
        if (onlyMerged)
            tx.NeedsNoFsync();
        var writes = new List<SqlStatement>();
        foreach (var (job, merge) in merges)
            writes.AddRange(Merge(new JobId(job), merge, facts[job], now));
        foreach (var ((repo, action), retry) in heals)
            writes.Add(EndHeal(repo, action, retry));
        writes.AddRange(RememberDeliveries(deliveries, now));
        if (!onlyMerged)
            writes.AddRange(Dialect.Notification);
        await tx.BatchAndCommit(writes);
        return recorded.ToSeq();
    }, cancellationToken);

    // What a batch of offers reads before it decides, in one batch of statements (one round trip on
    // PostgreSQL): the checkouts' locks, the open-job count, and each checkout's board with what
    // a merge needs of its jobs (delivery ids kept, targets).
    private async Task<(int Open, Dictionary<string, JobBoard> Boards, Dictionary<long, JobFacts> Facts)> ReadBoards(SqlTx tx, List<string> repos)
    {
        var reads = new List<SqlStatement>();
        foreach (var repo in repos)
            reads.AddRange(Dialect.RepoLock(repo));
        var open = 0;
        reads.Add(SqlStatement.Rows("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')", rows => open = (int)Long(rows.GetValue(0))));
        var jobs = repos.ToDictionary(r => r, _ => new List<BoardJob>(), StringComparer.Ordinal);
        var facts = new Dictionary<long, JobFacts>();
        foreach (var repo in repos)
        {
            // A job counts as running once any of its targets started.
            reads.Add(SqlStatement.Rows($"""
                SELECT j.job_id, {RequestColumns}, j.merged,
                  (SELECT count(*) FROM targets t WHERE t.job_id = j.job_id AND t.status <> 'queued') AS started, j.delivery_ids
                FROM jobs j WHERE j.repo_name = @repo AND j.status IN ('queued', 'running') ORDER BY j.job_id
                """,
                rows =>
                {
                    var id = rows.GetInt64(0);
                    jobs[repo].Add(new BoardJob(new JobId(id), Request(rows, 1), Running: Long(rows.GetValue(9)) > 0, rows.GetInt32(8)));
                    facts[id] = new JobFacts(rows.GetString(10), []);
                },
                ("@repo", repo)));
            reads.Add(SqlStatement.Rows("""
                SELECT t.job_id, t.host_id, t.slot FROM targets t JOIN jobs j ON j.job_id = t.job_id
                WHERE j.repo_name = @repo AND j.status IN ('queued', 'running')
                """,
                rows =>
                {
                    if (facts.TryGetValue(rows.GetInt64(0), out var job))
                        job.Targets.Add((Optional(rows, 1), rows.GetInt32(2)));
                },
                ("@repo", repo)));
        }
        await tx.Batch(reads);
        return (open, jobs.ToDictionary(p => p.Key, p => new JobBoard(p.Value.ToSeq()), StringComparer.Ordinal), facts);
    }

    // What a merge needs of a job besides its board entry: the delivery ids it keeps, its targets' hosts and slots.
    private sealed record JobFacts(string DeliveryIds, List<(Option<string> Host, int Slot)> Targets);

    private async Task<JobId> Add(SqlTx tx, JobOffer offer, bool followUp, DateTimeOffset now, Dictionary<long, JobFacts> facts)
    {
        var request = offer.Request;
        var deliveryIds = Json(offer.DeliveryId);
        var id = new JobId(Long(await tx.Scalar("""
            INSERT INTO jobs (repo_name, repo_url, action, branch, after_sha, forge, full_name, trigger, status, merged, delivery_ids,
                              queued_at, last_request_at, follow_up)
            VALUES (@repo, @url, @action, @branch, @after, @forge, @fullName, @trigger, 'queued', 0, @deliveries, @now, @now, @followUp)
            RETURNING job_id
            """,
            ("@repo", request.Repo.Value), ("@url", request.RepoUrl), ("@action", Names.Of(request.Action)), ("@branch", request.Branch),
            ("@after", Db(request.After)), ("@forge", Db(request.Source.Map(r => r.Forge.ToString()))), ("@fullName", Db(request.Source.Map(r => r.FullName))),
            ("@trigger", Names.Of(offer.Trigger)), ("@deliveries", deliveryIds), ("@now", Dialect.Time(now)), ("@followUp", followUp ? 1 : 0))));
        var targets = offer.Targets.Match(
            each: each => AddTargets(id, request, each.Hosts.Map(h => Option<string>.Some(h.Value)), "", 0),
            anyOne: any => AddTargets(id, request, Prelude.Seq1(Option<string>.None), Eligible(any.Hosts.Map(h => h.Value)), 0));
        await tx.Batch(targets.Map(t => t.Insert).ToList());
        facts[id.Value] = new JobFacts(deliveryIds, targets.Map(t => (t.Host, t.Slot)).ToList());
        return id;
    }

    private static Seq<(Option<string> Host, int Slot, SqlStatement Insert)> AddTargets(JobId id, JobRequest request, Seq<Option<string>> hosts, string eligible, int firstSlot) =>
        hosts.Select((host, i) => (host, firstSlot + i, SqlStatement.Change("""
            INSERT INTO targets (job_id, slot, host_id, eligible, repo_name, action, status, attempts, output)
            VALUES (@job, @slot, @host, @eligible, @repo, @action, 'queued', 0, '')
            """,
            ("@job", id.Value), ("@slot", firstSlot + i), ("@host", Db(host)), ("@eligible", eligible), ("@repo", request.Repo.Value), ("@action", Names.Of(request.Action))))).ToSeq();

    // Which hosts may take an import, as a list the claim reads back (host ids hold no comma).
    private static string Eligible(Seq<string> hosts) => hosts.IsEmpty ? "" : "," + string.Join(",", hosts) + ",";

    // What a batch's offers merged into one job add up to: how many, the request the job now carries (as the board merged it), every delivery id in order, and the hosts they target.
    private sealed record PendingMerge(int Count, Option<JobRequest> Carried, Seq<string> DeliveryIds, Seq<string> Hosts)
    {
        public static readonly PendingMerge None = new(0, Option<JobRequest>.None, Seq<string>.Empty, Seq<string>.Empty);

        public PendingMerge With(JobOffer offer, JobRequest carried) => new(
            Count + 1, carried, DeliveryIds + offer.DeliveryId.ToSeq(),
            offer.Targets is Domain.Fleet.JobTargets.Each each ? Hosts + each.Hosts.Map(h => h.Value).Filter(h => !Hosts.Contains(h)) : Hosts);
    }

    // The newest request's fields win (but for the commit a request by hand does not name); every delivery id is kept (up to the bound); hosts that now
    // hold the checkout on the branch, and were not targets yet, become targets.
    private List<SqlStatement> Merge(JobId id, PendingMerge merge, JobFacts job, DateTimeOffset now)
    {
        var request = merge.Carried.IfNone(() => throw new InvalidOperationException("a merge without an offer"));
        object? ids = merge.DeliveryIds.IsEmpty ? null : Json(Ids(job.DeliveryIds).Concat(merge.DeliveryIds).TakeLast(DeliveryIdsPerJob));
        var statements = new List<SqlStatement>
        {
            SqlStatement.Change("""
                UPDATE jobs SET merged = merged + @count, after_sha = @after, forge = @forge, full_name = @fullName, repo_url = @url, branch = @branch,
                  last_request_at = @now, delivery_ids = coalesce(@deliveries, delivery_ids)
                WHERE job_id = @id
                """,
                ("@id", id.Value), ("@count", merge.Count), ("@after", Db(request.After)), ("@forge", Db(request.Source.Map(r => r.Forge.ToString()))),
                ("@fullName", Db(request.Source.Map(r => r.FullName))), ("@url", request.RepoUrl), ("@branch", request.Branch),
                ("@now", Dialect.Time(now)), ("@deliveries", ids)),
        };
        var missing = merge.Hosts.Filter(h => !job.Targets.Exists(e => e.Host.Exists(x => x == h)));
        if (!missing.IsEmpty)
            statements.AddRange(AddTargets(id, request, missing.Map(Option<string>.Some), "", job.Targets.Count == 0 ? 0 : job.Targets.Max(e => e.Slot) + 1).Map(t => t.Insert));
        return statements;
    }

    // The last offer of an id names its job.
    private static void Remember(Dictionary<string, JobId> deliveries, Option<string> deliveryId, JobId job)
    {
        foreach (var id in deliveryId)
            deliveries[id] = job;
    }

    private List<SqlStatement> RememberDeliveries(Dictionary<string, JobId> deliveries, DateTimeOffset now)
    {
        var statements = new List<SqlStatement>();
        if (deliveries.Count == 0)
            return statements;
        // Expired ids go at most once a minute: Accepted ignores them anyway.
        if (now - lastForgotten >= TimeSpan.FromMinutes(1))
        {
            statements.Add(SqlStatement.Change("DELETE FROM deliveries WHERE accepted_at < @since", ("@since", Dialect.Time(now - DeliveryWindow))));
            lastForgotten = now;
        }
        foreach (var (id, job) in deliveries)
        {
            statements.Add(SqlStatement.Change(
                // A redelivery of a delivery whose job failed was queued again: the id now names the new job.
                """
                INSERT INTO deliveries (delivery_id, job_id, accepted_at) VALUES (@id, @job, @now)
                ON CONFLICT (delivery_id) DO UPDATE SET job_id = excluded.job_id, accepted_at = excluded.accepted_at
                """,
                ("@id", id), ("@job", job.Value), ("@now", Dialect.Time(now))));
        }
        return statements;
    }

    /// <inheritdoc />
    /// <remarks>A delivery whose job failed (or was cancelled) does not count: its redelivery queues anew.</remarks>
    public Task<Either<Error, Option<JobId>>> Accepted(string deliveryId, CancellationToken cancellationToken) => store.Read(async tx =>
        await tx.Scalar("""
            SELECT d.job_id FROM deliveries d WHERE d.delivery_id = @id AND d.accepted_at >= @since
              AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = d.job_id AND j.status IN ('failed', 'cancelled'))
            """,
            ("@id", deliveryId), ("@since", Dialect.Time(Now() - DeliveryWindow))) is { } job
            ? Option<JobId>.Some(new JobId(Long(job)))
            : Option<JobId>.None, cancellationToken);
}
