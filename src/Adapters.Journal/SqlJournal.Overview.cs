using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

// The dashboard's reads, none of which grows with the number of checkouts but Count (?repo=, a
// substring of the name, read off an index). What it relies on: each checkouts row keeps its standing
// (Standing.Of: column `standing`, index checkouts_by_standing), which triggers of the schema give it
// whenever a job or a checkout of its repository changes; hosts.checkouts counts the host's checkouts
// (Join and Register keep it). The standing of a row is read, never computed here, so a count is a
// range of that index, and what needs a person, most urgent first, is its first rows. The journal
// contract holds the kept standing to Standing.Of; DashboardCostTests holds the work to flat.
public sealed partial class SqlJournal : ICheckoutOverview
{
    /// <summary>The most repositories one <see cref="Peers"/> call asks about.</summary>
    public const int MaxPeerRepos = 100;

    private const int ErrorChars = 400;

    // Up to date is the last standing: the ones before it need a person, a range of checkouts_by_standing.
    private const int UpToDate = (int)CheckoutStanding.UpToDate;

    /// <inheritdoc />
    public Task<Either<Error, Seq<CheckoutSummary>>> Checkouts(HostId host, CancellationToken cancellationToken) => store.Read(async tx =>
        (await tx.Query($"{Rows} WHERE c.host_id = @host", Summary, ("@host", host.Value))).ToSeq(), cancellationToken);

    /// <inheritdoc />
    /// <remarks>The standings that need a person are counted off the index; up to date is the rest of the host's checkouts.</remarks>
    public Task<Either<Error, Seq<(CheckoutStanding Standing, int Count)>>> Tally(HostId host, CancellationToken cancellationToken) => store.Read(async tx =>
    {
        var needing = await tx.Query($"SELECT c.standing, COUNT(*) FROM checkouts c WHERE c.host_id = @host AND c.standing < {UpToDate} GROUP BY c.standing ORDER BY c.standing",
            rows => ((CheckoutStanding)(int)Long(rows.GetValue(0)), (int)Long(rows.GetValue(1))), ("@host", host.Value));
        var total = (int)Long(await tx.Scalar(HostCheckouts, ("@host", host.Value)));
        var upToDate = total - needing.Sum(n => n.Item2);
        return needing.ToSeq().Concat(upToDate > 0 ? Prelude.Seq1((CheckoutStanding.UpToDate, upToDate)) : Seq<(CheckoutStanding, int)>.Empty);
    }, cancellationToken);

    // A host that has not joined (yet) has no count of its own: its checkouts are counted.
    private const string HostCheckouts =
        "SELECT COALESCE((SELECT h.checkouts FROM hosts h WHERE h.host_id = @host), (SELECT COUNT(*) FROM checkouts c WHERE c.host_id = @host))";

    /// <inheritdoc />
    public Task<Either<Error, int>> Count(HostId host, CheckoutSelection selection, CancellationToken cancellationToken) => store.Read(async tx =>
        (int)Long(await tx.Scalar($"SELECT COUNT(*) FROM checkouts c WHERE c.host_id = @host{Where(selection)}", Parameters(host, selection, Option<(int, int)>.None))), cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<CheckoutSummary>>> Select(HostId host, CheckoutSelection selection, int skip, int take, CancellationToken cancellationToken) => store.Read(async tx =>
        (await tx.Query(
            $"{Rows} WHERE c.host_id = @host{Where(selection)} ORDER BY {(selection.NeedingAPerson ? "c.standing, " : "")}c.repo_name{Dialect.Ordinal} LIMIT @take OFFSET @skip",
            Summary, Parameters(host, selection, (skip, take)))).ToSeq(), cancellationToken);

    // Standing.Of in SQL, for the row of checkouts being updated: the text the schemas' triggers run.
    private const string StandingOfCheckouts = StandingSql.Shipped;

    // The columns Summary reads, for the rows read only: the repository's newest job (one seek of jobs_by_repo),
    // a failed job's error, and whether another host holds it at another commit (a journal one host has to itself: no).
    private string Rows => $"""
        SELECT c.repo_name, c.state, c.branch, c.origin_url, c.head, c.seen_at,
               j.job_id, j.action, j.status, j.branch, j.after_sha, j.queued_at,
               CASE WHEN j.status = 'failed' THEN (SELECT substr(t.error, 1, {ErrorChars}) FROM targets t
                    WHERE t.job_id = j.job_id AND t.error IS NOT NULL ORDER BY t.slot LIMIT 1) END,
               {(store.SingleHost ? "0" : """
                  CASE WHEN EXISTS (SELECT 1 FROM checkouts o WHERE o.repo_name = c.repo_name AND o.host_id <> c.host_id
                       AND o.branch = c.branch AND COALESCE(o.head, '') <> COALESCE(c.head, '')) THEN 1 ELSE 0 END
                  """)},
               c.kept
        FROM checkouts c LEFT JOIN jobs j ON j.job_id = (SELECT MAX(k.job_id) FROM jobs k WHERE k.repo_name = c.repo_name)
        """;

    // One text per kind of selection, so the prepared statements stay few.
    private string Where(CheckoutSelection selection) => string.Concat(
        selection.Repo.Map(_ => " AND " + Dialect.Contains("lower(c.repo_name)", "lower(@repo)")).ToSeq()
            .Concat(selection.Status.Map(_ => " AND c.standing = @standing").ToSeq())
            .Concat(selection.NeedingAPerson ? Prelude.Seq1($" AND c.standing < {UpToDate}") : Seq<string>.Empty));

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
            SELECT h.host_id, h.version, h.started_at, h.last_seen, h.checkouts, h.left_at FROM hosts h
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
