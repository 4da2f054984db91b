using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

// Failed updates waiting to be tried again: one row per checkout and action in `heals`, written in
// the transaction that ends the failed job (Healing decides), ended by a newer request of the same
// work (in the transaction that records it) or by a job of it that succeeds.
public sealed partial class SqlJournal : IHealLedger
{
    /// <inheritdoc />
    public Task<Either<Error, Seq<PendingHeal>>> Pending(CancellationToken cancellationToken) => store.Read(async tx => (await tx.Query($"""
        SELECT h.failed_job, h.rung, h.failed_at, h.hosts, {RequestColumns}
        FROM heals h JOIN jobs j ON j.job_id = h.failed_job
        WHERE h.retry_job IS NULL AND (h.taken_until IS NULL OR h.taken_until <= @now)
        ORDER BY h.failed_at
        """,
        rows => new PendingHeal(Request(rows, 4), new HealMark(new JobId(rows.GetInt64(0)), rows.GetInt32(1), Dialect.ReadTime(rows, 2), HostsOf(rows.GetString(3)), Option<JobId>.None)),
        ("@now", Dialect.Time(Now())))).ToSeq(), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, bool>> Take(PendingHeal heal, HostId host, TimeSpan lease, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        var now = Now();
        return await tx.Execute("""
            UPDATE heals SET taken_by = @host, taken_until = @until
            WHERE repo_name = @repo AND action = @action AND failed_job = @job AND rung = @rung AND retry_job IS NULL
              AND (taken_until IS NULL OR taken_until <= @now)
            """,
            ("@repo", heal.Request.Repo.Value), ("@action", Names.Of(heal.Request.Action)), ("@job", heal.Mark.FailedJob.Value), ("@rung", heal.Mark.Rung),
            ("@host", host.Value), ("@until", Dialect.Time(now + lease)), ("@now", Dialect.Time(now))) == 1;
    }, cancellationToken);

    // A request of the same work ends the heal (a newer push or poll supersedes the retry); a retry takes it over.
    // Noted per checkout and action for the batch's end: once any request ended the heal, a later retry finds none
    // to take over (as when each was written in turn); retries alone leave the last retry's job.
    private static void HealOnOffer(Dictionary<(string Repo, string Action), Option<JobId>> heals, JobOffer offer, JobId job)
    {
        var key = (offer.Request.Repo.Value, Names.Of(offer.Request.Action));
        if (offer.Trigger != JobTrigger.Retry)
            heals[key] = Option<JobId>.None;
        else if (!heals.TryGetValue(key, out var noted) || noted.IsSome)
            heals[key] = job;
    }

    private static SqlStatement EndHeal(string repo, string action, Option<JobId> retry) => retry.Match(
        Some: job => SqlStatement.Change("UPDATE heals SET retry_job = @job, taken_by = NULL, taken_until = NULL WHERE repo_name = @repo AND action = @action",
            ("@job", job.Value), ("@repo", repo), ("@action", action)),
        None: () => SqlStatement.Change("DELETE FROM heals WHERE repo_name = @repo AND action = @action", ("@repo", repo), ("@action", action)));

    // At a job's end, in the transaction that ends it: so a failure to heal is never lost to a crash.
    private async Task<Unit> HealOnEnd(SqlTx tx, JobId job, JobEvent.Finished end, Seq<TargetEnd> targets)
    {
        var (repo, action) = (end.Request.Repo.Value, Names.Of(end.Request.Action));
        var current = (await tx.Query("SELECT failed_job, rung, failed_at, hosts, retry_job FROM heals WHERE repo_name = @repo AND action = @action",
            rows => new HealMark(new JobId(rows.GetInt64(0)), rows.GetInt32(1), Dialect.ReadTime(rows, 2), HostsOf(rows.GetString(3)),
                rows.IsDBNull(4) ? Option<JobId>.None : new JobId(rows.GetInt64(4))),
            ("@repo", repo), ("@action", action))).ToSeq().HeadOrNone();
        await Healing.After(job, end.Request.Action, end.Outcome, targets, current).Match(
            schedule: s => tx.Execute("""
                INSERT INTO heals (repo_name, action, failed_job, rung, failed_at, hosts) VALUES (@repo, @action, @job, @rung, @now, @hosts)
                ON CONFLICT (repo_name, action) DO UPDATE SET failed_job = @job, rung = @rung, failed_at = @now, hosts = @hosts,
                  retry_job = NULL, taken_by = NULL, taken_until = NULL
                """,
                ("@repo", repo), ("@action", action), ("@job", job.Value), ("@rung", s.Rung), ("@now", Dialect.Time(Now())), ("@hosts", Eligible(s.Hosts.Map(h => h.Value)))),
            clear: _ => tx.Execute("DELETE FROM heals WHERE repo_name = @repo AND action = @action", ("@repo", repo), ("@action", action)),
            keep: _ => Task.FromResult(0));
        return Unit.Default;
    }

    private static Seq<HostId> HostsOf(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToSeq().Map(Host);
}
