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
        foreach (var repo in offers.Map(o => o.Request.Repo.Value).Distinct().OrderBy(r => r, StringComparer.Ordinal))
            await Dialect.LockRepo(tx, repo);
        var open = (int)Long(await tx.Scalar("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"));
        var boards = new Dictionary<string, JobBoard>(StringComparer.Ordinal);
        var recorded = new List<Recorded>();
        var merges = new Dictionary<long, PendingMerge>();
        var heals = new Dictionary<(string Repo, string Action), Option<JobId>>();
        var deliveries = new Dictionary<string, JobId>(StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            var repo = offer.Request.Repo.Value;
            if (!boards.TryGetValue(repo, out var board))
                board = await Board(tx, repo);
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
                    var id = await Add(tx, offer, followUp: !added.Ready, now);
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
        foreach (var (job, merge) in merges)
            await Merge(tx, new JobId(job), merge, now);
        foreach (var ((repo, action), retry) in heals)
            await EndHeal(tx, repo, action, retry);
        await RememberDeliveries(tx, deliveries, now);
        if (!onlyMerged)
            await Dialect.Notify(tx);
        return recorded.ToSeq();
    }, cancellationToken);

    // The checkout's jobs waiting or running: a job counts as running once any of its targets started.
    private async Task<JobBoard> Board(SqlTx tx, string repo)
    {
        var jobs = await tx.Query($"""
            SELECT j.job_id, {RequestColumns}, j.merged,
              (SELECT count(*) FROM targets t WHERE t.job_id = j.job_id AND t.status <> 'queued') AS started
            FROM jobs j WHERE j.repo_name = @repo AND j.status IN ('queued', 'running') ORDER BY j.job_id
            """,
            rows => new BoardJob(new JobId(rows.GetInt64(0)), Request(rows, 1), Running: Long(rows.GetValue(9)) > 0, rows.GetInt32(8)),
            ("@repo", repo));
        return new JobBoard(jobs.ToSeq());
    }

    private async Task<JobId> Add(SqlTx tx, JobOffer offer, bool followUp, DateTimeOffset now)
    {
        var request = offer.Request;
        var id = new JobId(Long(await tx.Scalar("""
            INSERT INTO jobs (repo_name, repo_url, action, branch, after_sha, forge, full_name, trigger, status, merged, delivery_ids,
                              queued_at, last_request_at, follow_up)
            VALUES (@repo, @url, @action, @branch, @after, @forge, @fullName, @trigger, 'queued', 0, @deliveries, @now, @now, @followUp)
            RETURNING job_id
            """,
            ("@repo", request.Repo.Value), ("@url", request.RepoUrl), ("@action", Names.Of(request.Action)), ("@branch", request.Branch),
            ("@after", Db(request.After)), ("@forge", Db(request.Source.Map(r => r.Forge.ToString()))), ("@fullName", Db(request.Source.Map(r => r.FullName))),
            ("@trigger", Names.Of(offer.Trigger)), ("@deliveries", Json(offer.DeliveryId)), ("@now", Dialect.Time(now)), ("@followUp", followUp ? 1 : 0))));
        await offer.Targets.Match(
            each: each => AddTargets(tx, id, request, each.Hosts.Map(h => Option<string>.Some(h.Value)), "", 0),
            anyOne: any => AddTargets(tx, id, request, Prelude.Seq1(Option<string>.None), Eligible(any.Hosts.Map(h => h.Value)), 0));
        return id;
    }

    private static async Task<Unit> AddTargets(SqlTx tx, JobId id, JobRequest request, Seq<Option<string>> hosts, string eligible, int firstSlot)
    {
        var slot = firstSlot;
        foreach (var host in hosts)
        {
            await tx.Execute("""
                INSERT INTO targets (job_id, slot, host_id, eligible, repo_name, action, status, attempts, output)
                VALUES (@job, @slot, @host, @eligible, @repo, @action, 'queued', 0, '')
                """,
                ("@job", id.Value), ("@slot", slot++), ("@host", Db(host)), ("@eligible", eligible), ("@repo", request.Repo.Value), ("@action", Names.Of(request.Action)));
        }
        return Unit.Default;
    }

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
    private async Task<Unit> Merge(SqlTx tx, JobId id, PendingMerge merge, DateTimeOffset now)
    {
        var request = merge.Carried.IfNone(() => throw new InvalidOperationException("a merge without an offer"));
        object? ids = null;
        if (!merge.DeliveryIds.IsEmpty)
        {
            var kept = await tx.Scalar("SELECT delivery_ids FROM jobs WHERE job_id = @id", ("@id", id.Value)) as string ?? "[]";
            ids = Json(Ids(kept).Concat(merge.DeliveryIds).TakeLast(DeliveryIdsPerJob));
        }
        await tx.Execute("""
            UPDATE jobs SET merged = merged + @count, after_sha = @after, forge = @forge, full_name = @fullName, repo_url = @url, branch = @branch,
              last_request_at = @now, delivery_ids = coalesce(@deliveries, delivery_ids)
            WHERE job_id = @id
            """,
            ("@id", id.Value), ("@count", merge.Count), ("@after", Db(request.After)), ("@forge", Db(request.Source.Map(r => r.Forge.ToString()))),
            ("@fullName", Db(request.Source.Map(r => r.FullName))), ("@url", request.RepoUrl), ("@branch", request.Branch),
            ("@now", Dialect.Time(now)), ("@deliveries", ids));
        if (!merge.Hosts.IsEmpty)
        {
            var existing = await tx.Query("SELECT host_id, slot FROM targets WHERE job_id = @id", rows => (Host: Optional(rows, 0), Slot: rows.GetInt32(1)), ("@id", id.Value));
            var missing = merge.Hosts.Filter(h => !existing.Exists(e => e.Host.Exists(x => x == h)));
            if (!missing.IsEmpty)
                await AddTargets(tx, id, request, missing.Map(Option<string>.Some), "", existing.Count == 0 ? 0 : existing.Max(e => e.Slot) + 1);
        }
        return Unit.Default;
    }

    // The last offer of an id names its job.
    private static void Remember(Dictionary<string, JobId> deliveries, Option<string> deliveryId, JobId job)
    {
        foreach (var id in deliveryId)
            deliveries[id] = job;
    }

    private async Task<Unit> RememberDeliveries(SqlTx tx, Dictionary<string, JobId> deliveries, DateTimeOffset now)
    {
        if (deliveries.Count == 0)
            return Unit.Default;
        // Expired ids go at most once a minute: Accepted ignores them anyway.
        if (now - lastForgotten >= TimeSpan.FromMinutes(1))
        {
            await tx.Execute("DELETE FROM deliveries WHERE accepted_at < @since", ("@since", Dialect.Time(now - DeliveryWindow)));
            lastForgotten = now;
        }
        foreach (var (id, job) in deliveries)
        {
            await tx.Execute(
                // A redelivery of a delivery whose job failed was queued again: the id now names the new job.
                """
                INSERT INTO deliveries (delivery_id, job_id, accepted_at) VALUES (@id, @job, @now)
                ON CONFLICT (delivery_id) DO UPDATE SET job_id = excluded.job_id, accepted_at = excluded.accepted_at
                """,
                ("@id", id), ("@job", job.Value), ("@now", Dialect.Time(now)));
        }
        return Unit.Default;
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
