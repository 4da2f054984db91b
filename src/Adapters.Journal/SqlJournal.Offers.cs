using System.Collections.Concurrent;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

public sealed partial class SqlJournal
{
    private DateTimeOffset lastForgotten = DateTimeOffset.MinValue;

    // Each checkout's board as this journal's last offer into it committed it, with the version the journal gave it then.
    private readonly ConcurrentDictionary<string, KnownBoard> known = new(StringComparer.Ordinal);

    // The most checkouts whose boards are kept; past it they are forgotten and read again.
    private const int KnownBound = 4096;

    // Checkouts whose known board turned out out of date: how many times in a row, and how many batches still read first. A
    // checkout that other hosts write to as well (a load balancer spreads a burst over the fleet) would waste a round trip
    // on a failed check at almost every batch; backing off (1, 3, 7 ... 63 batches) keeps it to a few.
    private readonly ConcurrentDictionary<string, (int Misses, int ReadFirst)> stale = new(StringComparer.Ordinal);
    private const int MostMisses = 6;

    /// <inheritdoc />
    /// <remarks>
    /// A burst that adds a job is made durable before it counts. One that only merges into jobs
    /// already recorded is not: the jobs it merges into were made durable when they were added, so a
    /// power cut can only cost the merge's bookkeeping (count, newest SHA, delivery ids), never the
    /// work; a crash of the process costs nothing. The batch's merges, heal changes and delivery ids
    /// are written once per job, checkout and id at the end of the transaction, not once per offer:
    /// a burst into one waiting job costs a few statements, whatever its size.
    /// <para>
    /// A batch that only merges, into checkouts whose boards this journal committed last, is decided
    /// on those boards without reading them: its writes go in one round trip behind the checkouts'
    /// locks and a check of each board's version (<see cref="SqlDialect.ExpectBoard"/>), raised by
    /// the journal's triggers on every change of a checkout's jobs and targets. When another
    /// transaction changed a board meanwhile, the check stops the batch, nothing of it counts, and it
    /// is decided again on the boards read afresh.
    /// </para>
    /// </remarks>
    public async Task<Either<Error, Seq<Recorded>>> Offer(Seq<JobOffer> offers, CancellationToken cancellationToken)
    {
        var repos = offers.Map(o => o.Request.Repo.Value).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        foreach (var boards in KnownBoards(repos, offers))
        {
            var decided = KeepBoards(repos, await store.Write(tx => Place(tx, offers, repos, boards), cancellationToken));
            if (!decided.Exists(d => d.IsNone))
            {
                foreach (var repo in decided.Exists(d => d.IsSome) ? repos : [])
                    stale.TryRemove(repo, out _);
                return decided.Map(d => d.IfNone(Seq<Recorded>.Empty));
            }
            if (stale.Count + repos.Count > KnownBound)
                stale.Clear();
            foreach (var repo in repos)
            {
                var misses = Math.Min(stale.TryGetValue(repo, out var missed) ? missed.Misses + 1 : 1, MostMisses);
                stale[repo] = (misses, (1 << misses) - 1);
            }
        }
        return KeepBoards(repos, await store.Write(tx => Place(tx, offers, repos, Option<Dictionary<string, KnownBoard>>.None), cancellationToken))
            .Map(d => d.IfNone(() => throw new InvalidOperationException("boards read in the transaction cannot be out of date")));
    }

    // The boards of every checkout of the batch, if this journal knows them all and every offer merges into a waiting job. A
    // new job takes a round trip of its own (its id comes from the journal), and the check must come before the first write.
    private Option<Dictionary<string, KnownBoard>> KnownBoards(List<string> repos, Seq<JobOffer> offers)
    {
        var found = new Dictionary<string, KnownBoard>(StringComparer.Ordinal);
        var readFirst = false;
        foreach (var repo in repos)
        {
            if (stale.TryGetValue(repo, out var missed) && missed.ReadFirst > 0)
            {
                stale[repo] = missed with { ReadFirst = missed.ReadFirst - 1 };
                readFirst = true;
            }
        }
        if (readFirst)
            return Option<Dictionary<string, KnownBoard>>.None;
        foreach (var repo in repos)
        {
            if (!known.TryGetValue(repo, out var board))
                return Option<Dictionary<string, KnownBoard>>.None;
            found[repo] = board;
        }
        var boards = found.ToDictionary(p => p.Key, p => p.Value.Board, StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            var repo = offer.Request.Repo.Value;
            if (boards[repo].Place(offer.Request) is not Placement.MergeInto merge)
                return Option<Dictionary<string, KnownBoard>>.None;
            boards[repo] = boards[repo].Merge(merge.Job, offer.Request);
        }
        return found;
    }

    // Once committed, the batch's boards are known at the versions its transaction left; otherwise what was known of them may be out of date.
    private Either<Error, Option<Seq<Recorded>>> KeepBoards(List<string> repos, Either<Error, Option<(Seq<Recorded> Recorded, Dictionary<string, KnownBoard> Boards)>> written)
    {
        foreach (var placed in written.RightToSeq().Somes())
        {
            if (known.Count + placed.Boards.Count > KnownBound)
                known.Clear();
            foreach (var (repo, board) in placed.Boards)
                known[repo] = board;
        }
        if (!written.Exists(w => w.IsSome))
        {
            foreach (var repo in repos)
                known.TryRemove(repo, out _);
        }
        return written.Map(w => w.Map(p => p.Recorded));
    }

    // Places the offers on the boards (known from this journal's last commit, or read here), writes what was decided and commits;
    // none when a known board turned out to be out of date (nothing was written).
    private async Task<Option<(Seq<Recorded> Recorded, Dictionary<string, KnownBoard> Boards)>> Place(
        SqlTx tx, Seq<JobOffer> offers, List<string> repos, Option<Dictionary<string, KnownBoard>> knownBoards)
    {
        var now = Now();
        var open = 0;
        var count = SqlStatement.Rows("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')", rows => open = (int)Long(rows.GetValue(0)));
        var writes = new List<SqlStatement>();
        var (boards, facts) = await knownBoards.Match(
            Some: boards =>
            {
                // Sent first in the write batch: the locks, the count, the checks; the writes run only if every check passes.
                foreach (var repo in repos)
                    writes.AddRange(Dialect.RepoLock(repo));
                writes.Add(count);
                writes.AddRange(repos.Select(r => Dialect.ExpectBoard(r, boards[r].Version)));
                return Task.FromResult((
                    boards.ToDictionary(p => p.Key, p => p.Value.Board, StringComparer.Ordinal),
                    boards.Values.SelectMany(b => b.Facts).ToDictionary(f => f.Key, f => f.Value)));
            },
            None: () => ReadBoards(tx, repos, count));
        var placed = new List<(JobId Job, JobAction Action, bool Merged, int Added, JobEvent Event)>();
        var added = 0;
        var merges = new Dictionary<long, PendingMerge>();
        var heals = new Dictionary<(string Repo, string Action), Option<JobId>>();
        var deliveries = new Dictionary<string, JobId>(StringComparer.Ordinal);
        foreach (var offer in offers)
        {
            var repo = offer.Request.Repo.Value;
            var board = boards[repo];
            switch (board.Place(offer.Request))
            {
                case Placement.MergeInto merge:
                    var replaced = board.Find(merge.Job).Map(j => j.Request).IfNone(offer.Request);
                    boards[repo] = board.Merge(merge.Job, offer.Request);
                    var carried = boards[repo].Find(merge.Job).Map(j => j.Request).IfNone(offer.Request);
                    merges[merge.Job.Value] = (merges.TryGetValue(merge.Job.Value, out var pending) ? pending : PendingMerge.None).With(offer, carried);
                    HealOnOffer(heals, offer, merge.Job);
                    Remember(deliveries, offer.DeliveryId, merge.Job);
                    placed.Add((merge.Job, offer.Request.Action, true, added, new JobEvent.Merged(merge.Job, replaced, carried)));
                    break;
                case Placement.NewJob newJob:
                    var id = await Add(tx, offer, followUp: !newJob.Ready, now, facts, writes);
                    HealOnOffer(heals, offer, id);
                    Remember(deliveries, offer.DeliveryId, id);
                    boards[repo] = board.Add(id, offer.Request);
                    added++;
                    placed.Add((id, offer.Request.Action, false, added, new JobEvent.Queued(id, offer.Request)));
                    break;
            }
        }
        // Said before the writes that follow, so the database hears it with them rather than in a round trip of its own.
        if (added == 0)
            tx.NeedsNoFsync();
        foreach (var (job, merge) in merges)
        {
            var (statements, after) = Merge(new JobId(job), merge, facts[job], now);
            writes.AddRange(statements);
            facts[job] = after;
        }
        foreach (var ((repo, action), retry) in heals)
            writes.Add(EndHeal(repo, action, retry));
        writes.AddRange(RememberDeliveries(deliveries, now));
        if (added > 0)
            writes.AddRange(Dialect.Notification);
        // Read last, behind the checkouts' version rows this transaction holds: the versions of exactly the boards it leaves.
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var repo in repos)
            writes.Add(SqlStatement.Rows("SELECT version FROM boards WHERE repo_name = @repo", rows => versions[repo] = rows.GetInt64(0), ("@repo", repo)));
        try
        {
            await tx.BatchAndCommit(writes);
        }
        catch (Exception e) when (Dialect.IsStaleBoard(e))
        {
            tx.Abandon();
            return Option<(Seq<Recorded>, Dictionary<string, KnownBoard>)>.None;
        }
        var recorded = placed.Select(p => new Recorded(new Enqueued(p.Job, p.Action, p.Merged, open + p.Added), p.Event)).ToSeq();
        var left = repos.ToDictionary(
            repo => repo,
            repo => new KnownBoard(versions[repo], boards[repo], boards[repo].Jobs.ToDictionary(j => j.Id.Value, j => facts[j.Id.Value].Copy())),
            StringComparer.Ordinal);
        return (recorded, left);
    }

    // A checkout's board as a transaction of this journal left it, at the version the journal gave it.
    private sealed record KnownBoard(long Version, JobBoard Board, Dictionary<long, JobFacts> Facts);

    // What a batch of offers reads before it decides, in one batch of statements (one round trip on
    // PostgreSQL): the checkouts' locks, their boards' version rows (held until the transaction ends, so
    // that nobody changes a board between this read and the versions read at the end), the open-job
    // count, and each checkout's board with what a merge needs of its jobs (delivery ids kept, targets).
    private async Task<(Dictionary<string, JobBoard> Boards, Dictionary<long, JobFacts> Facts)> ReadBoards(SqlTx tx, List<string> repos, SqlStatement count)
    {
        var reads = new List<SqlStatement>();
        foreach (var repo in repos)
            reads.AddRange(Dialect.RepoLock(repo));
        foreach (var repo in repos)
        {
            reads.Add(SqlStatement.Change("INSERT INTO boards (repo_name, version) VALUES (@repo, 0) ON CONFLICT (repo_name) DO NOTHING", ("@repo", repo)));
            reads.Add(SqlStatement.Rows($"SELECT version FROM boards WHERE repo_name = @repo{Dialect.ForUpdate}", _ => { }, ("@repo", repo)));
        }
        reads.Add(count);
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
        return (jobs.ToDictionary(p => p.Key, p => new JobBoard(p.Value.ToSeq()), StringComparer.Ordinal), facts);
    }

    // What a merge needs of a job besides its board entry: the delivery ids it keeps, its targets' hosts and slots.
    private sealed record JobFacts(string DeliveryIds, List<(Option<string> Host, int Slot)> Targets)
    {
        // A known board keeps its own copy: the next batch adds targets to the copy it works on.
        public JobFacts Copy() => new(DeliveryIds, [.. Targets]);
    }

    // The job's row now (its id comes from the journal); its targets with the batch's writes.
    private async Task<JobId> Add(SqlTx tx, JobOffer offer, bool followUp, DateTimeOffset now, Dictionary<long, JobFacts> facts, List<SqlStatement> writes)
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
        writes.AddRange(targets.Map(t => t.Insert));
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
    private (List<SqlStatement> Statements, JobFacts After) Merge(JobId id, PendingMerge merge, JobFacts job, DateTimeOffset now)
    {
        var request = merge.Carried.IfNone(() => throw new InvalidOperationException("a merge without an offer"));
        var ids = merge.DeliveryIds.IsEmpty ? null : Json(Ids(job.DeliveryIds).Concat(merge.DeliveryIds).TakeLast(DeliveryIdsPerJob));
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
        var targets = job.Targets.ToList();
        if (!missing.IsEmpty)
        {
            var added = AddTargets(id, request, missing.Map(Option<string>.Some), "", job.Targets.Count == 0 ? 0 : job.Targets.Max(e => e.Slot) + 1);
            statements.AddRange(added.Map(t => t.Insert));
            targets.AddRange(added.Map(t => (t.Host, t.Slot)));
        }
        return (statements, new JobFacts(ids ?? job.DeliveryIds, targets));
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
