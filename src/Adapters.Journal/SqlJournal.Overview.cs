using GitReload.Application.Ports;
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
        (await tx.Query($"""
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
            WHERE c.host_id = @host
            """, rows => new CheckoutSummary(
                Registered(rows, 0) with { Publication = Names.Publication(Optional(rows, 4), Optional(rows, 14)) },
                Dialect.ReadTime(rows, 5),
                rows.IsDBNull(6)
                    ? Option<NewestJob>.None
                    : new NewestJob(new JobId(rows.GetInt64(6)), Names.Action(rows.GetString(7)), Names.Status(rows.GetString(8)), rows.GetString(9),
                        Optional(rows, 10), Dialect.ReadTime(rows, 11), Optional(rows, 12)),
                Long(rows.GetValue(13)) != 0),
            ("@host", host.Value))).ToSeq(), cancellationToken);

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
        Names.State(rows.GetString(first + 1), Optional(rows, first + 2).IfNoneUnsafe((string?)null), Optional(rows, first + 3).IfNoneUnsafe((string?)null)),
        Optional(rows, first + 4));
}
