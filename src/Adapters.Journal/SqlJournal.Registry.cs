using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

public sealed partial class SqlJournal
{
    /// <inheritdoc />
    /// <remarks>
    /// A journal one host has to itself (SQLite) gives that host every waiting target of an earlier
    /// host id (the machine was renamed, or the journal predates the fleet) and forgets those hosts.
    /// </remarks>
    public async Task<Either<Error, Unit>> Join(HostId host, string version, CancellationToken cancellationToken)
    {
        var held = await store.HoldHost(host.Value, cancellationToken);
        return await held.BindAsync(_ => store.Write(async tx =>
        {
            var now = Dialect.Time(Now());
            if (store.SingleHost)
            {
                await tx.Execute("UPDATE targets SET host_id = @host WHERE (host_id IS NULL OR host_id <> @host) AND status IN ('queued', 'running')", ("@host", host.Value));
                await tx.Execute("DELETE FROM checkouts WHERE host_id <> @host", ("@host", host.Value));
                await tx.Execute("DELETE FROM hosts WHERE host_id <> @host", ("@host", host.Value));
            }
            var cutOff = await tx.Query("SELECT DISTINCT job_id FROM targets WHERE host_id = @host AND status = 'running'", rows => new JobId(rows.GetInt64(0)), ("@host", host.Value));
            foreach (var job in cutOff)
            {
                await PutBackInQueue(tx, job, host, Restarted);
            }
            await tx.Execute("""
                INSERT INTO hosts (host_id, version, started_at, last_seen, checkouts) VALUES (@host, @version, @now, @now, 0)
                ON CONFLICT (host_id) DO UPDATE SET version = @version, started_at = @now, last_seen = @now, left_at = NULL
                """, ("@host", host.Value), ("@version", version), ("@now", now));
            await CountCheckouts(tx, host);
            await Dialect.Notify(tx);
            return Unit.Default;
        }, cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only the targets the host says it runs are renewed. One the journal has as running on this host
    /// while the host does not run it (the journal lost the target's end, or committed a claim whose
    /// answer the host never got, when its server went away) waits again once it is older than
    /// <see cref="NotRunAfter"/>: a fresh claim is not yet among the host's running jobs. Then other
    /// hosts' targets whose lease ran out wait again, as when a claim finds nothing to run: a fleet whose
    /// workers are all busy still hands on an import whose host died.
    /// </remarks>
    public async Task<Either<Error, bool>> Heartbeat(HostId host, Seq<JobId> running, CancellationToken cancellationToken)
    {
        var beat = await Beat(host, running, cancellationToken);
        if (!beat.Exists(registered => registered))
            return beat;
        return (await SweepIfDue(host, cancellationToken)).Map(_ => true);
    }

    private Task<Either<Error, bool>> Beat(HostId host, Seq<JobId> running, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        var now = Now();
        var seen = await tx.Execute("UPDATE hosts SET last_seen = @now WHERE host_id = @host", ("@host", host.Value), ("@now", Dialect.Time(now)));
        if (seen == 0)
            return false;
        // Job ids are numbers: the list is written into the statement, not bound (and never empty: NOT IN (NULL) matches nothing).
        var runs = string.Join(", ", running.Map(j => j.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("-1"));
        await tx.Execute($"UPDATE targets SET lease_until = @lease WHERE host_id = @host AND status = 'running' AND job_id IN ({runs})",
            ("@host", host.Value), ("@lease", Dialect.Time(now + Lease)));
        var lost = await tx.Query($"""
            SELECT DISTINCT job_id FROM targets
            WHERE host_id = @host AND status = 'running' AND started_at < @before AND job_id NOT IN ({runs})
            """, rows => new JobId(rows.GetInt64(0)), ("@host", host.Value), ("@before", Dialect.Time(now - NotRunAfter)));
        foreach (var job in lost)
            await PutBackInQueue(tx, job, host, NotRunByItsHost);
        if (lost.Count > 0)
            await Dialect.Notify(tx);
        return true;
    }, cancellationToken);

    /// <summary>How old a claim must be before the journal believes the host that it does not run it.</summary>
    public static readonly TimeSpan NotRunAfter = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Leave(HostId host, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        tx.NeedsNoFsync();
        // Down at once, rather than after 30 s without a heartbeat: the host says when it left, and was seen then.
        await tx.Execute("UPDATE hosts SET last_seen = @now, left_at = @now WHERE host_id = @host", ("@host", host.Value), ("@now", Dialect.Time(Now())));
        return Unit.Default;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Register(HostId host, Seq<RegisteredCheckout> checkouts, bool complete, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        var now = Dialect.Time(Now());
        if (checkouts.IsEmpty && !complete)
        {
            tx.NeedsNoFsync();
            // In a fleet a standing can miss a change another host made at the same moment (the triggers that keep it
            // skip rows another transaction holds): each rescan gives the host's checkouts theirs again.
            await tx.Execute(store.SingleHost
                ? "UPDATE checkouts SET seen_at = @now WHERE host_id = @host"
                : $"UPDATE checkouts SET seen_at = @now, standing = {StandingOfCheckouts} WHERE host_id = @host", ("@host", host.Value), ("@now", now));
            return Unit.Default;
        }
        // What other hosts decide pushes on, and what the dashboard shows: a server's crash must not take it back while the host runs on.
        tx.NeedsNoFsyncOnTheHostsMachine();
        foreach (var checkout in checkouts)
        {
            var (state, branch, origin) = Names.Of(checkout.State);
            if (state == "missing")
            {
                await tx.Execute("DELETE FROM checkouts WHERE host_id = @host AND repo_name = @repo", ("@host", host.Value), ("@repo", checkout.Repo.Value));
                continue;
            }
            await tx.Execute("""
                INSERT INTO checkouts (host_id, repo_name, state, branch, origin_url, head, seen_at, kept) VALUES (@host, @repo, @state, @branch, @origin, @head, @now, @kept)
                ON CONFLICT (host_id, repo_name) DO UPDATE SET state = @state, branch = @branch, origin_url = @origin, head = @head, seen_at = @now, kept = @kept
                """, ("@host", host.Value), ("@repo", checkout.Repo.Value), ("@state", state), ("@branch", branch), ("@origin", origin),
                ("@head", Db(checkout.Head)), ("@now", now), ("@kept", Db(checkout.Publication.Map(p => string.Join(' ', p.Kept)))));
        }
        if (complete)
            await tx.Execute("DELETE FROM checkouts WHERE host_id = @host AND seen_at < @now", ("@host", host.Value), ("@now", now));
        await CountCheckouts(tx, host);
        return Unit.Default;
    }, cancellationToken);

    // hosts.checkouts, which the dashboard reads instead of counting: only the host itself adds or removes its checkouts.
    private static Task<int> CountCheckouts(SqlTx tx, HostId host) =>
        tx.Execute("UPDATE hosts SET checkouts = (SELECT COUNT(*) FROM checkouts c WHERE c.host_id = @host) WHERE host_id = @host", ("@host", host.Value));

    /// <inheritdoc />
    /// <remarks>
    /// A journal one host has to itself has no other holders: it answers without a query. A fleet's
    /// answer is kept for <see cref="HoldersKept"/> per repository, so a burst of pushes asks the
    /// database once: the registry itself is as old as the hosts' last rescan (a minute at most).
    /// </remarks>
    public async Task<Either<Error, Seq<HostCheckout>>> Holders(RepoName repo, HostId self, CancellationToken cancellationToken)
    {
        if (store.SingleHost)
            return Seq<HostCheckout>.Empty;
        var now = Now();
        if (holders.TryGetValue((repo.Value, self.Value), out var kept) && now - kept.At < HoldersKept)
            return kept.Holders;
        var read = await store.Read(async tx => (await tx.Query(
            "SELECT host_id, state, branch, origin_url FROM checkouts WHERE repo_name = @repo AND host_id <> @host ORDER BY host_id",
            rows => new HostCheckout(Host(rows.GetString(0)), Names.State(rows.GetString(1), Optional(rows, 2), Optional(rows, 3))),
            ("@repo", repo.Value), ("@host", self.Value))).ToSeq(), cancellationToken);
        foreach (var found in read.RightToSeq())
        {
            if (holders.Count >= HoldersBound) holders.Clear();
            holders[(repo.Value, self.Value)] = (now, found);
        }
        return read;
    }

    /// <summary>How long a repository's holders, once read, are used without asking again.</summary>
    public static readonly TimeSpan HoldersKept = TimeSpan.FromSeconds(5);

    // Bounded: at most this many repositories' holders are kept; past it, all are read again.
    private const int HoldersBound = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Repo, string Self), (DateTimeOffset At, Seq<HostCheckout> Holders)> holders = new();

    /// <inheritdoc />
    public Task<Either<Error, Seq<FleetHost>>> Hosts(CancellationToken cancellationToken) => store.Read(async tx =>
    {
        var now = Now();
        var checkouts = (await tx.Query("SELECT host_id, repo_name, state, branch, origin_url, head, kept FROM checkouts ORDER BY host_id, repo_name",
            rows => (Host: rows.GetString(0), Checkout: new RegisteredCheckout(
                RepoName.Parse(rows.GetString(1)).Match(r => r, e => throw new InvalidDataException(e.Message)),
                Names.State(rows.GetString(2), Optional(rows, 3), Optional(rows, 4)),
                Optional(rows, 5))
            {
                Publication = Names.Publication(Optional(rows, 5), Optional(rows, 6)),
            }))).ToLookup(c => c.Host, c => c.Checkout, StringComparer.Ordinal);
        return (await tx.Query("SELECT host_id, version, started_at, last_seen, left_at FROM hosts ORDER BY host_id", rows =>
        {
            var lastSeen = Dialect.ReadTime(rows, 3);
            var leftAt = Dialect.ReadOptionalTime(rows, 4);
            var id = rows.GetString(0);
            return new FleetHost(Host(id), rows.GetString(1), Dialect.ReadTime(rows, 2), lastSeen, FleetHost.IsLive(lastSeen, leftAt, now), checkouts[id].ToSeq())
            {
                LeftAt = leftAt,
            };
        })).ToSeq();
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Either<Error, Seq<JobEvent.Finished>>> Forget(HostId host, CancellationToken cancellationToken) => store.Write(async tx =>
    {
        var jobs = await tx.Query("SELECT DISTINCT job_id FROM targets WHERE host_id = @host AND status IN ('queued', 'running')",
            rows => new JobId(rows.GetInt64(0)), ("@host", host.Value));
        var ended = new List<JobEvent.Finished>();
        foreach (var job in jobs)
        {
            await Dialect.LockJob(tx, job.Value);
            await tx.Execute("""
                UPDATE targets SET status = 'cancelled', finished_at = @now, lease_until = NULL, error = @why
                WHERE job_id = @job AND host_id = @host AND status IN ('queued', 'running')
                """, ("@job", job.Value), ("@host", host.Value), ("@now", Dialect.Time(Now())), ("@why", $"host {host} was retired from the fleet"));
            ended.AddRange(await Settle(tx, job));
        }
        await tx.Execute("DELETE FROM checkouts WHERE host_id = @host", ("@host", host.Value));
        await tx.Execute("DELETE FROM hosts WHERE host_id = @host", ("@host", host.Value));
        await Dialect.Notify(tx);
        return ended.ToSeq();
    }, cancellationToken);
}

/// <summary>The journal holds something other than what the change expects; the message says what.</summary>
public sealed class JournalMismatch(string message) : Exception(message);
