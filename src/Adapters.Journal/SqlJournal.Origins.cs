using System.Data.Common;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

// The reconcile loop's rows: one per checkout and branch in `origins`. A host asks origin only
// while it holds the row's claim (claimed_by, claimed_until): one host of the fleet per round.
public sealed partial class SqlJournal : IOriginLedger
{
    /// <inheritdoc />
    /// <remarks>
    /// The claim is an upsert that only takes a row whose claim ran out (or is this host's own), so
    /// two hosts claiming at once cannot both win, on SQLite and PostgreSQL alike. Not fsynced: a
    /// claim lost to a power cut only lets origin be asked once more.
    /// </remarks>
    public Task<Either<Error, Option<OriginRound>>> Claim(RepoName repo, string branch, JobAction follow, HostId host, TimeSpan lease, CancellationToken cancellationToken) =>
        store.Write(async tx =>
        {
            tx.NeedsNoFsync();
            var now = Now();
            var claimed = await tx.Execute("""
                INSERT INTO origins (repo_name, branch, claimed_by, claimed_until) VALUES (@repo, @branch, @host, @until)
                ON CONFLICT (repo_name, branch) DO UPDATE SET claimed_by = @host, claimed_until = @until
                WHERE origins.claimed_until IS NULL OR origins.claimed_until <= @now OR origins.claimed_by = @host
                """, ("@repo", repo.Value), ("@branch", branch), ("@host", host.Value), ("@until", Dialect.Time(now + lease)), ("@now", Dialect.Time(now)));
            return claimed == 0 ? Option<OriginRound>.None : await Round(tx, repo, branch, follow, host);
        }, cancellationToken);

    private async Task<OriginRound> Round(SqlTx tx, RepoName repo, string branch, JobAction follow, HostId host)
    {
        var row = (await tx.Query(
            "SELECT origin_sha, asked_at, asked_by, unreachable_since, error, baseline_sha, baseline_at FROM origins WHERE repo_name = @repo AND branch = @branch",
            rows => (Seen: rows.IsDBNull(1) || rows.IsDBNull(2)
                    ? Option<OriginSeen>.None
                    : new OriginSeen(repo, branch, Optional(rows, 0), Dialect.ReadTime(rows, 1), Host(rows.GetString(2)), Dialect.ReadOptionalTime(rows, 3), Optional(rows, 4)),
                Baseline: Optional(rows, 5).Bind(sha => Dialect.ReadOptionalTime(rows, 6).Map(at => new ImportBaseline(sha, at)))),
            ("@repo", repo.Value), ("@branch", branch))).Single();
        var others = store.SingleHost
            ? Seq<HeldCheckout>.Empty
            : (await tx.Query(
                "SELECT host_id, origin_url, head FROM checkouts WHERE repo_name = @repo AND state = 'on_branch' AND branch = @branch AND origin_url IS NOT NULL AND host_id <> @host ORDER BY host_id",
                rows => new HeldCheckout(Host(rows.GetString(0)), rows.GetString(1), Optional(rows, 2)),
                ("@repo", repo.Value), ("@branch", branch), ("@host", host.Value))).ToSeq();
        var lastImport = (await tx.Query($"""
            SELECT j.after_sha, (SELECT max(t.sha_after) FROM targets t WHERE t.job_id = j.job_id), (SELECT max(t.finished_at) FROM targets t WHERE t.job_id = j.job_id)
            FROM jobs j WHERE j.repo_name = @repo AND j.branch = @branch AND j.action = 'COURSE_IMPORT' AND j.status = 'succeeded'
            ORDER BY j.job_id DESC LIMIT 1
            """,
            rows => Dialect.ReadOptionalTime(rows, 2).Map(at => new DoneImport(Optional(rows, 1) || Optional(rows, 0), at)),
            ("@repo", repo.Value), ("@branch", branch))).ToSeq().Somes().HeadOrNone();
        var lastEnd = (await tx.Query("""
            SELECT j.after_sha, EXISTS (SELECT 1 FROM targets t WHERE t.job_id = j.job_id AND t.status = 'failed' AND coalesce(t.transient, 0) = 0)
            FROM jobs j WHERE j.repo_name = @repo AND j.action = @action AND j.status IN ('succeeded', 'failed')
            ORDER BY j.job_id DESC LIMIT 1
            """,
            rows => new EndedJob(Optional(rows, 0), Bool(rows.GetValue(1))),
            ("@repo", repo.Value), ("@action", Names.Of(follow)))).ToSeq().HeadOrNone();
        var open = await tx.Query("""
            SELECT (SELECT count(*) FROM targets t WHERE t.job_id = j.job_id AND t.status <> 'queued')
            FROM jobs j WHERE j.repo_name = @repo AND j.action = @action AND j.status IN ('queued', 'running')
            """,
            rows => Long(rows.GetValue(0)) > 0, ("@repo", repo.Value), ("@action", Names.Of(follow)));
        var inHand = open.Exists(started => !started) ? WorkInHand.Waiting : open.Count > 0 ? WorkInHand.Running : WorkInHand.None;
        // Every commit a rollback undid since the newest update that succeeded: two rollbacks in a row hold both.
        var rolledBackFrom = (await tx.Query("""
            SELECT coalesce(nullif(j.after_sha, ''), (SELECT max(t.sha_before) FROM targets t WHERE t.job_id = j.job_id AND t.status = 'succeeded'))
            FROM jobs j WHERE j.repo_name = @repo AND j.action = 'ROLLBACK' AND j.status = 'succeeded'
              AND j.job_id > coalesce((SELECT max(u.job_id) FROM jobs u WHERE u.repo_name = @repo AND u.action = 'GET_LATEST' AND u.status = 'succeeded'), 0)
            ORDER BY j.job_id DESC
            """,
            rows => Optional(rows, 0),
            ("@repo", repo.Value))).ToSeq().Somes().Distinct().ToSeq();
        return new OriginRound(row.Seen, others, lastImport, row.Baseline, lastEnd, inHand) { RolledBackFrom = rolledBackFrom };
    }

    /// <inheritdoc />
    /// <remarks>Not fsynced: what origin said is asked again next round.</remarks>
    public Task<Either<Error, Unit>> Note(RepoName repo, string branch, OriginNote note, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        var now = Dialect.Time(Now());
        (string Sql, (string, object?)[] Parameters) change = note.Match(
            answered: a => ("""
                UPDATE origins SET asked_at = @now, asked_by = claimed_by, origin_sha = @sha, unreachable_since = NULL, error = NULL
                WHERE repo_name = @repo AND branch = @branch
                """, new (string, object?)[] { ("@sha", Db(a.Commit)) }),
            unreachable: u => ("""
                UPDATE origins SET asked_at = @now, asked_by = claimed_by, unreachable_since = coalesce(unreachable_since, @now), error = @error
                WHERE repo_name = @repo AND branch = @branch
                """, new (string, object?)[] { ("@error", u.Error) }));
        await tx.Execute(change.Sql, [("@repo", repo.Value), ("@branch", branch), ("@now", now), .. change.Parameters]);
        if (note is OriginNote.Answered { Baseline: true } baseline)
            await tx.Execute("UPDATE origins SET baseline_sha = @sha, baseline_at = @now WHERE repo_name = @repo AND branch = @branch",
                ("@repo", repo.Value), ("@branch", branch), ("@now", now), ("@sha", Db(baseline.Commit)));
        return Unit.Default;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<OriginSeen>>> Known(CancellationToken cancellationToken) =>
        store.Read(async tx => (await tx.Query($"{KnownSql} ORDER BY repo_name, branch", Seen)).ToSeq(), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<OriginSeen>>> Known(Seq<RepoName> repos, CancellationToken cancellationToken)
    {
        if (repos.Count > MaxPeerRepos)
            throw new ArgumentOutOfRangeException(nameof(repos), $"at most {MaxPeerRepos} repositories at once");
        if (repos.IsEmpty)
            return Task.FromResult(Either<Error, Seq<OriginSeen>>.Right(Seq<OriginSeen>.Empty));
        var parameters = Enumerable.Range(0, MaxPeerRepos).Select(i => ($"@r{i}", (object?)(i < repos.Count ? repos[i].Value : null))).ToArray();
        return store.Read(async tx => (await tx.Query(KnownOfSql, Seen, parameters)).ToSeq(), cancellationToken);
    }

    private const string KnownSql = """
        SELECT repo_name, branch, origin_sha, asked_at, asked_by, unreachable_since, error FROM origins
        WHERE asked_at IS NOT NULL AND asked_by IS NOT NULL
        """;

    private static readonly string KnownOfSql =
        $"{KnownSql} AND repo_name IN ({string.Join(", ", Enumerable.Range(0, MaxPeerRepos).Select(i => $"@r{i}"))}) ORDER BY repo_name, branch";

    private OriginSeen Seen(System.Data.Common.DbDataReader rows) => new(
        RepoName.Parse(rows.GetString(0)).Match(r => r, e => throw new InvalidDataException(e.Message)), rows.GetString(1), Optional(rows, 2),
        Dialect.ReadTime(rows, 3), Host(rows.GetString(4)), Dialect.ReadOptionalTime(rows, 5), Optional(rows, 6));

    private static bool Bool(object? value) => value is bool b ? b : Long(value) != 0;
}
