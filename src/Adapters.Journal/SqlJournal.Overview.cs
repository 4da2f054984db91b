using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

// The dashboard's reads: one row per checkout of one host, whatever the number of jobs, each
// newest job found by one seek of jobs_by_repo. Every statement has a fixed text, so the store's
// prepared statements stay as many as there are statements.
public sealed partial class SqlJournal : ICheckoutOverview
{
    /// <summary>The most repositories one <see cref="Peers"/> call asks about.</summary>
    public const int MaxPeerRepos = 100;

    private const int ErrorChars = 400;

    /// <inheritdoc />
    public Task<Either<Error, Seq<CheckoutSummary>>> Checkouts(HostId host, CancellationToken cancellationToken) => store.Read(async tx =>
        (await tx.Query($"{Rows} FROM ({Standings}) s", Summary, ("@host", host.Value))).ToSeq(), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<(CheckoutStanding Standing, int Count)>>> Tally(HostId host, CancellationToken cancellationToken) => store.Read(async tx =>
        (await tx.Query($"SELECT s.standing, COUNT(*) FROM ({Standings}) s GROUP BY s.standing ORDER BY s.standing",
            rows => ((CheckoutStanding)(int)Long(rows.GetValue(0)), (int)Long(rows.GetValue(1))), ("@host", host.Value))).ToSeq(), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, int>> Count(HostId host, CheckoutSelection selection, CancellationToken cancellationToken) => store.Read(async tx =>
        (int)Long(await tx.Scalar($"SELECT COUNT(*) FROM ({Standings}) s{Where(selection)}", Parameters(host, selection, Option<(int, int)>.None))), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<CheckoutSummary>>> Select(HostId host, CheckoutSelection selection, int skip, int take, CancellationToken cancellationToken) => store.Read(async tx =>
        (await tx.Query(
            $"{Rows} FROM ({Standings}) s{Where(selection)} ORDER BY {(selection.NeedingAPerson ? "s.standing, " : "")}s.repo_name{Dialect.Ordinal} LIMIT @take OFFSET @skip",
            Summary, Parameters(host, selection, (skip, take)))).ToSeq(), cancellationToken);

    // Every checkout of @host with its repository's newest job (one seek of jobs_by_repo each), and
    // where it stands, computed as Standing.Of does (the journal contract holds the two to the same
    // answer): a failed job, then unusable, then a job running or waiting, then behind, else up to date.
    private string Standings => $"""
        SELECT d.*, CASE
                WHEN d.job_status = 'failed' THEN {(int)CheckoutStanding.Failed}
                WHEN d.state IN ('detached', 'no_origin') THEN {(int)CheckoutStanding.Unusable}
                WHEN d.job_status = 'running' THEN {(int)CheckoutStanding.Running}
                WHEN d.job_status = 'queued' THEN {(int)CheckoutStanding.Queued}
                WHEN d.others_differ = 1 AND NOT (d.after_sha IS NOT NULL AND d.branch IS NOT NULL AND d.head IS NOT NULL
                     AND d.branch = d.job_branch AND d.head = d.after_sha) THEN {(int)CheckoutStanding.Behind}
                ELSE {(int)CheckoutStanding.UpToDate} END AS standing
        FROM (SELECT c.repo_name, c.state, c.branch, c.origin_url, c.head, c.seen_at, c.kept,
                     j.job_id, j.action, j.status AS job_status, j.branch AS job_branch, j.after_sha, j.queued_at,
                     {(store.SingleHost ? "0" : """
                        CASE WHEN EXISTS (SELECT 1 FROM checkouts o WHERE o.repo_name = c.repo_name AND o.host_id <> c.host_id
                             AND o.branch = c.branch AND COALESCE(o.head, '') <> COALESCE(c.head, '')) THEN 1 ELSE 0 END
                        """)} AS others_differ
              FROM checkouts c LEFT JOIN jobs j ON j.job_id = (SELECT MAX(k.job_id) FROM jobs k WHERE k.repo_name = c.repo_name)
              WHERE c.host_id = @host) d
        """;

    // The columns Summary reads; a failed job's error only for the rows read.
    private static readonly string Rows = $"""
        SELECT s.repo_name, s.state, s.branch, s.origin_url, s.head, s.seen_at,
               s.job_id, s.action, s.job_status, s.job_branch, s.after_sha, s.queued_at,
               CASE WHEN s.job_status = 'failed' THEN (SELECT substr(t.error, 1, {ErrorChars}) FROM targets t
                    WHERE t.job_id = s.job_id AND t.error IS NOT NULL ORDER BY t.slot LIMIT 1) END,
               s.others_differ, s.kept
        """;

    // One text per kind of selection, so the prepared statements stay few.
    private string Where(CheckoutSelection selection)
    {
        var conditions = selection.Repo.Map(_ => Dialect.Contains("lower(s.repo_name)", "lower(@repo)")).ToSeq()
            .Concat(selection.Status.Map(_ => "s.standing = @standing").ToSeq())
            .Concat(selection.NeedingAPerson ? Prelude.Seq1($"s.standing <> {(int)CheckoutStanding.UpToDate}") : Seq<string>.Empty);
        return conditions.IsEmpty ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    // Only the parameters the statement names.
    private static (string, object?)[] Parameters(HostId host, CheckoutSelection selection, Option<(int Skip, int Take)> page) =>
        Prelude.Seq1<(string, object?)>(("@host", host.Value))
            .Concat(selection.Repo.Map(r => ("@repo", (object?)r)).ToSeq())
            .Concat(selection.Status.Map(s => ("@standing", (object?)(int)s)).ToSeq())
            .Concat(page.ToSeq().Bind(p => Prelude.Seq<(string, object?)>(("@skip", p.Skip), ("@take", p.Take))))
            .ToArray();

    private CheckoutSummary Summary(System.Data.Common.DbDataReader rows) => new(
        Registered(rows, 0) with { Publication = Names.Publication(Optional(rows, 4), Optional(rows, 14)) },
        Dialect.ReadTime(rows, 5),
        rows.IsDBNull(6)
            ? Option<NewestJob>.None
            : new NewestJob(new JobId(rows.GetInt64(6)), Names.Action(rows.GetString(7)), Names.Status(rows.GetString(8)), rows.GetString(9),
                Optional(rows, 10), Dialect.ReadTime(rows, 11), Optional(rows, 12)),
        Long(rows.GetValue(13)) != 0);

    /// <inheritdoc />
    public Task<Either<Error, Seq<HostSummary>>> HostSummaries(CancellationToken cancellationToken) => store.Read(async tx =>
    {
        var now = Now();
        return (await tx.Query("""
            SELECT h.host_id, h.version, h.started_at, h.last_seen, (SELECT COUNT(*) FROM checkouts c WHERE c.host_id = h.host_id), h.left_at FROM hosts h
            """, rows =>
        {
            var lastSeen = Dialect.ReadTime(rows, 3);
            var leftAt = Dialect.ReadOptionalTime(rows, 5);
            return new HostSummary(Host(rows.GetString(0)), rows.GetString(1), Dialect.ReadTime(rows, 2), lastSeen,
                FleetHost.IsLive(lastSeen, leftAt, now), (int)Long(rows.GetValue(4))) { LeftAt = leftAt };
        })).ToSeq();
    }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>At most <see cref="MaxPeerRepos"/> repositories: the dashboard asks about one page and what needs a person.</remarks>
    public Task<Either<Error, Seq<PeerCheckout>>> Peers(Seq<RepoName> repos, HostId self, CancellationToken cancellationToken)
    {
        if (repos.Count > MaxPeerRepos)
            throw new ArgumentOutOfRangeException(nameof(repos), $"at most {MaxPeerRepos} repositories at once");
        if (repos.IsEmpty)
            return Task.FromResult(Either<Error, Seq<PeerCheckout>>.Right(Seq<PeerCheckout>.Empty));
        var parameters = Enumerable.Range(0, MaxPeerRepos)
            .Select(i => ($"@r{i}", (object?)(i < repos.Count ? repos[i].Value : null)))
            .Append(("@host", self.Value)).ToArray();
        return store.Read(async tx => (await tx.Query(PeersSql, rows => new PeerCheckout(Host(rows.GetString(0)), Registered(rows, 1)), parameters)).ToSeq(), cancellationToken);
    }

    private static readonly string PeersSql =
        $"SELECT host_id, repo_name, state, branch, origin_url, head FROM checkouts WHERE host_id <> @host AND repo_name IN ({string.Join(", ", Enumerable.Range(0, MaxPeerRepos).Select(i => $"@r{i}"))})";

    // Five columns from first: repo_name, state, branch, origin_url, head.
    private static RegisteredCheckout Registered(System.Data.Common.DbDataReader rows, int first) => new(
        RepoName.Parse(rows.GetString(first)).Match(r => r, e => throw new InvalidDataException($"journal holds a bad repository name: {e.Message}")),
        Names.State(rows.GetString(first + 1), Optional(rows, first + 2), Optional(rows, first + 3)),
        Optional(rows, first + 4));
}
