using System.Data.Common;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

public sealed partial class SqlJournal
{
    // A claim can lose a race with another host (an import) or an offer; it then looks again, a few times.
    private const int ClaimTries = 5;

    // Leases last a minute: looking for expired ones at every claim (each wake-up of each worker) only costs reads.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    // UTC ticks of the last sweep: claims and heartbeats run on different threads.
    private long lastSwept = DateTimeOffset.MinValue.UtcTicks;

    /// <inheritdoc />
    /// <remarks>
    /// When this host finds nothing to run, targets of other hosts whose lease ran out go back to
    /// waiting (an import to any host that holds the checkout, an update to its own host), at most
    /// once a second, and it looks again: a claim that finds work does not wait for that sweep. A
    /// host whose workers never run out of work sweeps at its heartbeat (<see cref="Heartbeat"/>).
    /// A claim is fsynced only on a shared server (<see cref="SqlTx.NeedsNoFsyncOnTheHostsMachine"/>):
    /// on the host's own disk, a claim lost to a power cut leaves the target waiting, and it runs
    /// again after the restart.
    /// </remarks>
    public async Task<Either<Error, Claim>> Next(HostId host, FollowUpPolicy policy, CancellationToken cancellationToken)
    {
        var claim = await ClaimNext(host, policy, cancellationToken);
        if (!claim.Exists(c => c is Claim.Nothing))
            return claim;

        var swept = await SweepIfDue(host, cancellationToken);
        return await swept.MatchAsync(
            RightAsync: taken => taken > 0 ? ClaimNext(host, policy, cancellationToken) : Task.FromResult(claim),
            Left: error => error);
    }

    private async Task<Either<Error, Claim>> ClaimNext(HostId host, FollowUpPolicy policy, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            var claim = await store.Write(tx => TryClaim(tx, host, policy), cancellationToken);
            if (claim.IsLeft || tries == ClaimTries || claim.Exists(c => c.IsSome))
                return claim.Map(c => c.IfNone(() => new Claim.Nothing(Option<DateTimeOffset>.None)));
        }
    }

    // None: the chosen target was taken meanwhile; look again.
    private async Task<Option<Claim>> TryClaim(SqlTx tx, HostId host, FollowUpPolicy policy)
    {
        tx.NeedsNoFsyncOnTheHostsMachine();
        var now = Now();
        var step = await NextStep(tx, host, now, policy);
        if (step is not NextStep.Run run)
            return new Claim.Nothing(((NextStep.Idle)step).LookAgainAt);

        var target = run.Target;
        List<SqlStatement> locks = [.. Dialect.RepoLock(target.Repo.Value), .. Dialect.JobLock(target.Job.Value)];
        var read = new JobRead();
        var claimed = 0;
        if (target.Mine && run.Supersedes.IsEmpty)
        {
            // The hosts claiming their targets of one job take turns on its locks: each holds them for one round trip,
            // the commit's. A claim can only make its job run (JobProgress.Of), which the batch says without reading first.
            await tx.BatchAndCommit([.. locks, ClaimOwn(target.Job, host, now, () => claimed++), JobRunsOnceClaimed(target.Job, host), ReadJobRow(target.Job, read)]);
            return claimed == 0
                ? Option<Claim>.None
                : new Claim.Claimed(target.Job, read.Request(target.Job), Seq<JobEvent.Finished>.Empty) { Trigger = read.Trigger };
        }

        if (target.Mine)
        {
            await tx.Batch([.. locks, ClaimOwn(target.Job, host, now, () => claimed++)]);
        }
        else
        {
            await tx.Batch(locks);
            claimed = await ClaimImport(tx, target.Job, host, now);
        }
        if (claimed == 0)
            return Option<Claim>.None;
        await tx.Batch(ReadJob(target.Job, read));

        var superseded = new List<JobEvent.Finished>();
        foreach (var older in run.Supersedes)
        {
            await Dialect.LockJob(tx, older.Value);
            await tx.Execute("""
                UPDATE targets SET status = 'superseded', finished_at = @now, error = @why
                WHERE job_id = @job AND host_id = @host AND status = 'queued'
                """, ("@job", older.Value), ("@host", host.Value), ("@now", Dialect.Time(now)), ("@why", $"superseded by job {target.Job}, which does the same work"));
            superseded.AddRange(await Settle(tx, older));
        }
        await Settled(tx, target.Job, read);
        return new Claim.Claimed(target.Job, read.Request(target.Job), superseded.ToSeq()) { Trigger = read.Trigger };
    }

    // This host's own target of the job starts running (an update's, or a rollback's).
    private SqlStatement ClaimOwn(JobId job, HostId host, DateTimeOffset now, Action claimed) => SqlStatement.Rows("""
        UPDATE targets SET status = 'running', started_at = @now, lease_until = @lease, attempts = 0, output = ''
        WHERE job_id = @job AND host_id = @host AND status = 'queued'
        RETURNING slot
        """, _ => claimed(), ("@job", job.Value), ("@host", host.Value), ("@now", Dialect.Time(now)), ("@lease", Dialect.Time(now + Lease)));

    // The job's status once ClaimOwn took: a job with a running target runs (JobProgress.Of). Nothing when it did not take.
    private static SqlStatement JobRunsOnceClaimed(JobId job, HostId host) => SqlStatement.Change("""
        UPDATE jobs SET status = @running
        WHERE job_id = @job AND status <> @running
          AND EXISTS (SELECT 1 FROM targets WHERE job_id = @job AND host_id = @host AND status = 'running')
        """, ("@job", job.Value), ("@host", host.Value), ("@running", Names.Of(JobStatus.Running)));

    // Any one host may take an import: the row is locked while it is taken, and rows another host is taking are skipped.
    private async Task<int> ClaimImport(SqlTx tx, JobId job, HostId host, DateTimeOffset now)
    {
        var slot = await tx.Scalar($"SELECT slot FROM targets WHERE job_id = @job AND host_id IS NULL AND status = 'queued' ORDER BY slot LIMIT 1{Dialect.SkipLocked}", ("@job", job.Value));
        if (slot is null || await tx.Scalar("SELECT 1 FROM targets WHERE repo_name = (SELECT repo_name FROM jobs WHERE job_id = @job) AND action = 'COURSE_IMPORT' AND status = 'running'", ("@job", job.Value)) is not null)
            return 0;
        return await tx.Execute("""
            UPDATE targets SET host_id = @host, status = 'running', started_at = @now, lease_until = @lease, attempts = 0, output = ''
            WHERE job_id = @job AND slot = @slot AND status = 'queued'
            """, ("@job", job.Value), ("@slot", slot), ("@host", host.Value), ("@now", Dialect.Time(now)), ("@lease", Dialect.Time(now + Lease)));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Fsynced only on a shared server: on the host's own disk, after a power cut a target whose end did
    /// not reach the disk is found running and runs again, as one cut off by the power cut would; a
    /// server that crashes alone must not take back an end the host has acted on. A target that is no longer this host's
    /// running one (its lease ran out, or its host was retired) records nothing.
    /// </remarks>
    public Task<Either<Error, Option<JobEvent.Finished>>> Finish(HostId host, JobId job, JobOutcome outcome, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsyncOnTheHostsMachine();
        var (status, attempts, before, after, error, transient, output) = outcome.Match(
            succeeded: s => (TargetStatus.Succeeded, s.Attempts, s.ShaBefore, s.ShaAfter, Option<string>.None, 0, s.Output),
            failed: f => (TargetStatus.Failed, f.Attempts, f.ShaBefore, f.ShaAfter, Option<string>.Some(f.Failure.Message), f.Failure.Transient ? 1 : 0, f.Failure.Output));
        // The locks, the end and the reads it settles on in one round trip, as a claim does.
        var ended = new List<JobAction>();
        var read = new JobRead();
        await tx.Batch([
            .. Dialect.JobLock(job.Value),
            SqlStatement.Rows("""
                UPDATE targets SET status = @status, attempts = @attempts, finished_at = @now, lease_until = NULL, sha_before = @before, sha_after = @after,
                  error = @error, transient = @transient, output = @output
                WHERE job_id = @job AND host_id = @host AND status = 'running'
                RETURNING action
                """, rows => ended.Add(Names.Action(rows.GetString(0))),
                ("@job", job.Value), ("@host", host.Value), ("@status", Names.Of(status)), ("@attempts", attempts), ("@now", Dialect.Time(Now())),
                ("@before", Db(before)), ("@after", Db(after)), ("@error", Db(error)), ("@transient", transient), ("@output", Tail(output))),
            .. ReadJob(job, read)]);
        if (ended.Count == 0)
            return Option<JobEvent.Finished>.None;
        var finished = await Settled(tx, job, read);
        if (finished.IsSome)
            await Prune(tx, job);
        // Another host's next claim depends on this end only when it frees the checkout's imports; an update's end
        // changes no other host's queue, and waking every worker of the fleet for it costs the hosts still updating.
        if (ended.Contains(JobAction.CourseImport))
            await Dialect.Notify(tx);
        return finished;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Requeue(HostId host, JobId job, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        await PutBackInQueue(tx, job, host, CutOffAtShutdown);
        await Dialect.Notify(tx);
        return Unit.Default;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Progress(HostId host, JobId job, JobProgressReport progress, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        await tx.Execute("UPDATE targets SET output = @output, attempts = @attempts WHERE job_id = @job AND host_id = @host AND status = 'running'",
            ("@job", job.Value), ("@host", host.Value), ("@output", Tail(progress.Output)), ("@attempts", progress.Attempts));
        return Unit.Default;
    }, cancellationToken);

    // Other hosts' targets whose lease ran out wait again, at most once a second whoever asks; how many jobs had one.
    private async Task<Either<Error, int>> SweepIfDue(HostId host, CancellationToken cancellationToken)
    {
        var (now, last) = (Now().UtcTicks, Interlocked.Read(ref lastSwept));
        if (store.SingleHost || now - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref lastSwept, now, last) != last)
            return 0;
        return await TakeBackExpiredLeases(host, cancellationToken);
    }

    // How many jobs had a target put back.
    private async Task<Either<Error, int>> TakeBackExpiredLeases(HostId host, CancellationToken cancellationToken)
    {
        var expired = await store.Read(tx => tx.Query(
            "SELECT DISTINCT job_id FROM targets WHERE status = 'running' AND lease_until < @now AND host_id <> @host",
            rows => new JobId(rows.GetInt64(0)), ("@now", Dialect.Time(Now())), ("@host", host.Value)), cancellationToken);
        return await expired.BindAsync(async jobs =>
        {
            foreach (var job in jobs)
            {
                var taken = await store.Write(async tx =>
                {
                    tx.NeedsNoFsync();
                    await Dialect.LockJob(tx, job.Value);
                    var now = Dialect.Time(Now());
                    await KeepAbandonedTries(tx, "job_id = @job AND status = 'running' AND lease_until < @now AND host_id <> @host", LeaseRanOut,
                        ("@job", job.Value), ("@now", now), ("@host", host.Value));
                    await tx.Execute("""
                        UPDATE targets SET status = 'queued', started_at = NULL, lease_until = NULL,
                          host_id = CASE WHEN action = 'COURSE_IMPORT' THEN NULL ELSE host_id END
                        WHERE job_id = @job AND status = 'running' AND lease_until < @now AND host_id <> @host
                        """, ("@job", job.Value), ("@now", now), ("@host", host.Value));
                    await Settle(tx, job);
                    await Dialect.Notify(tx);
                    return Unit.Default;
                }, cancellationToken);
                foreach (var error in taken.LeftToSeq())
                    return Either<Error, int>.Left(error);
            }
            return Either<Error, int>.Right(jobs.Count);
        });
    }

    // Brings the job's status in line with its targets; the job's end, when this change ended it.
    private async Task<Option<JobEvent.Finished>> Settle(SqlTx tx, JobId job)
    {
        var read = new JobRead();
        await tx.Batch(ReadJob(job, read));
        return await Settled(tx, job, read);
    }

    // Settle, on what the change's own batch read after changing the targets (ReadJob).
    private async Task<Option<JobEvent.Finished>> Settled(SqlTx tx, JobId job, JobRead read)
    {
        var targets = read.Targets.ToSeq().Strict();
        var now = JobProgress.Of(targets.Map(t => t.Status));
        if (now == read.Was)
            return Option<JobEvent.Finished>.None;
        await tx.Execute("UPDATE jobs SET status = @status WHERE job_id = @job", ("@job", job.Value), ("@status", Names.Of(now)));
        var ended = JobProgress.IsDone(now) && !JobProgress.IsDone(read.Was)
            ? JobEnd.Of(job, read.Request(job), targets)
            : Option<JobEvent.Finished>.None;
        foreach (var end in ended)
            await HealOnEnd(tx, job, end, targets);
        return ended;
    }

    // The reads a change settles the job on, to send in one batch after the change: its targets, and its row.
    private IReadOnlyList<SqlStatement> ReadJob(JobId job, JobRead into) =>
    [
        SqlStatement.Rows("""
            SELECT host_id, status, attempts, sha_before, sha_after, error, transient, output FROM targets WHERE job_id = @job ORDER BY slot
            """, rows => into.Targets.Add(TargetEndOf(rows)), ("@job", job.Value)),
        ReadJobRow(job, into),
    ];

    // The job's row alone: its request, status and trigger (a claim that sets the status itself needs no targets).
    private static SqlStatement ReadJobRow(JobId job, JobRead into) =>
        SqlStatement.Rows($"SELECT {RequestColumns}, j.status, j.trigger FROM jobs j WHERE j.job_id = @job", rows =>
        {
            into.Row = Request(rows, 0);
            into.Was = Names.Status(rows.IsDBNull(RequestColumnCount) ? "queued" : rows.GetString(RequestColumnCount));
            into.Trigger = Names.Trigger(rows.IsDBNull(RequestColumnCount + 1) ? "push" : rows.GetString(RequestColumnCount + 1));
        }, ("@job", job.Value));

    // What ReadJob read: filled when its batch runs.
    private sealed class JobRead
    {
        public List<TargetEnd> Targets { get; } = [];
        public JobStatus Was { get; set; } = JobStatus.Queued;
        public JobTrigger Trigger { get; set; } = JobTrigger.Push;
        public Option<JobRequest> Row { get; set; }

        public JobRequest Request(JobId job) => Row.IfNone(() => throw new InvalidDataException($"the journal holds no row of job {job}"));
    }

    private static TargetEnd TargetEndOf(DbDataReader rows)
    {
        var status = Names.TargetStatus(rows.GetString(1));
        var attempts = rows.GetInt32(2);
        var output = rows.IsDBNull(7) ? "" : rows.GetString(7);
        var outcome = status switch
        {
            TargetStatus.Succeeded => Option<JobOutcome>.Some(new JobOutcome.Succeeded(Optional(rows, 3), Optional(rows, 4), output, attempts)),
            TargetStatus.Failed => Option<JobOutcome>.Some(new JobOutcome.Failed(
                new JobFailure(Optional(rows, 5).IfNone(""), output, !rows.IsDBNull(6) && Long(rows.GetValue(6)) != 0), attempts)
            { ShaBefore = Optional(rows, 3), ShaAfter = Optional(rows, 4) }),
            _ => Option<JobOutcome>.None,
        };
        return new TargetEnd(Optional(rows, 0).Map(Host), status, outcome);
    }


    // Keeps the newest finished jobs of the checkout, up to the bound.
    private async Task<Unit> Prune(SqlTx tx, JobId job)
    {
        var old = await tx.Query($"""
            SELECT job_id FROM jobs WHERE status IN ('succeeded', 'failed', 'cancelled') AND repo_name = (SELECT repo_name FROM jobs WHERE job_id = @job)
            ORDER BY job_id DESC {Dialect.NoLimit} OFFSET @keep
            """,
            rows => rows.GetInt64(0), ("@job", job.Value), ("@keep", maxFinishedPerRepo));
        foreach (var id in old)
        {
            await tx.Execute("DELETE FROM target_tries WHERE job_id = @id", ("@id", id));
            await tx.Execute("DELETE FROM targets WHERE job_id = @id", ("@id", id));
            await tx.Execute("DELETE FROM jobs WHERE job_id = @id", ("@id", id));
        }
        return Unit.Default;
    }

    // The host's running targets of the job wait again (an import's for any eligible host), its tries kept with why.
    private async Task PutBackInQueue(SqlTx tx, JobId job, HostId host, string why)
    {
        await Dialect.LockJob(tx, job.Value);
        await KeepAbandonedTries(tx, "job_id = @job AND host_id = @host AND status = 'running'", why, ("@job", job.Value), ("@host", host.Value));
        await tx.Execute("""
            UPDATE targets SET status = 'queued', started_at = NULL, lease_until = NULL,
              host_id = CASE WHEN action = 'COURSE_IMPORT' THEN NULL ELSE host_id END
            WHERE job_id = @job AND host_id = @host AND status = 'running'
            """, ("@job", job.Value), ("@host", host.Value));
        await Settle(tx, job);
    }

    private const string LeaseRanOut = "its lease ran out: the host stopped renewing it (killed, or cut off from the journal)";
    private const string Restarted = "its host restarted while it ran";
    private const string CutOffAtShutdown = "cut off at shutdown, after the grace period";
    private const string NotRunByItsHost = "its host was not running it: the journal had lost the target's end or the answer to its claim (its server went away)";

    // Before running targets go back to waiting: which host had started each, so /jobs keeps showing it.
    private async Task<Unit> KeepAbandonedTries(SqlTx tx, string where, string why, params (string Name, object? Value)[] parameters)
    {
        await tx.Execute($"""
            INSERT INTO target_tries (job_id, slot, host_id, attempts, started_at, ended_at, why)
            SELECT job_id, slot, host_id, attempts, coalesce(started_at, @ended), @ended, @why FROM targets WHERE host_id IS NOT NULL AND {where}
            """, [.. parameters, ("@ended", Dialect.Time(Now())), ("@why", why)]);
        return Unit.Default;
    }

    private static string Tail(string output) => output.Length > MaxOutputChars ? output[^MaxOutputChars..] : output;
}
