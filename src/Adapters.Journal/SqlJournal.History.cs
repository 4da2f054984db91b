using System.Data.Common;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

public sealed partial class SqlJournal
{
    /// <inheritdoc />
    public Task<Either<Error, Seq<JobRecord>>> List(JobQuery query, CancellationToken cancellationToken) => store.Read(tx => Records(tx, """
        WHERE (@repo IS NULL OR j.repo_name = @repo) AND (@status IS NULL OR j.status = @status)
        ORDER BY j.job_id DESC LIMIT @limit
        """, ("@repo", Db(query.Repo.Map(r => r.Value))), ("@status", Db(query.Status.Map(Names.Of))), ("@limit", query.Limit)), cancellationToken);

    /// <inheritdoc />
    public async Task<Either<Error, Option<JobRecord>>> Find(JobId id, CancellationToken cancellationToken) =>
        (await store.Read(tx => Records(tx, "WHERE j.job_id = @id", ("@id", id.Value)), cancellationToken)).Map(found => found.HeadOrNone());

    /// <inheritdoc />
    public Task<Either<Error, Seq<JobRecord>>> Open(CancellationToken cancellationToken) =>
        store.Read(tx => Records(tx, "WHERE j.status IN ('queued', 'running') ORDER BY j.job_id"), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<JobRecord>>> OpenFirst(int limit, CancellationToken cancellationToken) =>
        store.Read(tx => Records(tx, "WHERE j.status IN ('queued', 'running') ORDER BY CASE WHEN j.status = 'running' THEN 0 ELSE 1 END, j.job_id LIMIT @limit", ("@limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, int>> OpenCount(CancellationToken cancellationToken) =>
        store.Read(async tx => (int)Long(await tx.Scalar("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")), cancellationToken);

    // The jobs the filter selects, each with its targets (read with the same filter, so one query each).
    private async Task<Seq<JobRecord>> Records(SqlTx tx, string filter, params (string Name, object? Value)[] parameters)
    {
        var jobs = await tx.Query($"""
            SELECT j.job_id, {RequestColumns}, j.trigger, j.status, j.merged, j.delivery_ids, j.queued_at FROM jobs j {filter}
            """, rows => new JobRecord(
                new JobId(rows.GetInt64(0)), Request(rows, 1), Names.Trigger(rows.GetString(8)), Names.Status(rows.GetString(9)), rows.GetInt32(10),
                Ids(rows.GetString(11)).ToSeq(), Dialect.ReadTime(rows, 12), Seq<TargetRecord>.Empty), parameters);
        if (jobs.Count == 0)
            return Seq<JobRecord>.Empty;
        var tries = (await tx.Query($"""
            SELECT r.job_id, r.slot, r.host_id, r.attempts, r.started_at, r.ended_at, r.why
            FROM target_tries r WHERE r.job_id IN (SELECT j.job_id FROM jobs j {filter}) ORDER BY r.job_id, r.slot, r.ended_at
            """, rows => (Job: rows.GetInt64(0), Slot: rows.GetInt32(1),
                Try: new AbandonedTry(Host(rows.GetString(2)), rows.GetInt32(3), Dialect.ReadTime(rows, 4), Dialect.ReadTime(rows, 5), rows.GetString(6))),
            parameters)).ToLookup(t => (t.Job, t.Slot), t => t.Try);
        var targets = (await tx.Query($"""
            SELECT t.job_id, t.host_id, t.status, t.attempts, t.started_at, t.finished_at, t.sha_before, t.sha_after, t.error, t.output, t.slot
            FROM targets t WHERE t.job_id IN (SELECT j.job_id FROM jobs j {filter}) ORDER BY t.job_id, t.slot
            """, rows => (Job: rows.GetInt64(0), Target: TargetOf(rows) with { Abandoned = tries[(rows.GetInt64(0), rows.GetInt32(10))].ToSeq() }), parameters))
            .ToLookup(t => t.Job, t => t.Target);
        return jobs.Select(j => j with { Targets = targets[j.Id.Value].ToSeq() }).ToSeq();
    }

    private TargetRecord TargetOf(DbDataReader rows) => new(
        Optional(rows, 1).Map(Host), Names.TargetStatus(rows.GetString(2)), rows.GetInt32(3),
        Dialect.ReadOptionalTime(rows, 4), Dialect.ReadOptionalTime(rows, 5), Optional(rows, 6), Optional(rows, 7), Optional(rows, 8),
        rows.IsDBNull(9) ? "" : rows.GetString(9));
}
