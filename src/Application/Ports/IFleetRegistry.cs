using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>The hosts of the fleet and the checkouts each holds, as the journal keeps them.</summary>
public interface IFleetRegistry
{
    /// <summary>
    /// Registers <paramref name="host"/> as started, or refuses when another live process has the
    /// same id; its targets left running by an earlier life go back to waiting.
    /// </summary>
    Task<Either<Error, Unit>> Join(HostId host, string version, CancellationToken cancellationToken);

    /// <summary>
    /// Says <paramref name="host"/> is alive and renews the leases of the targets it runs (<paramref name="running"/>);
    /// a target the journal has as running on the host, claimed a while ago but not among them, waits again.
    /// False when the host is not registered (it was retired) and must join again.
    /// </summary>
    Task<Either<Error, bool>> Heartbeat(HostId host, Seq<Domain.Jobs.JobId> running, CancellationToken cancellationToken);

    /// <summary>Says <paramref name="host"/> stopped: it shows as stopped (not live) at once, with when it left, until it joins again.</summary>
    Task<Either<Error, Unit>> Leave(HostId host, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="host"/>'s checkouts; when <paramref name="complete"/>, those not listed are gone.
    /// None, not complete: every checkout the host registered is still as registered (they were seen now).
    /// </summary>
    Task<Either<Error, Unit>> Register(HostId host, Seq<RegisteredCheckout> checkouts, bool complete, CancellationToken cancellationToken);

    /// <summary>The other hosts' checkouts of <paramref name="repo"/>, as they last registered them.</summary>
    Task<Either<Error, Seq<HostCheckout>>> Holders(RepoName repo, HostId self, CancellationToken cancellationToken);

    /// <summary>Every host, with its checkouts.</summary>
    Task<Either<Error, Seq<FleetHost>>> Hosts(CancellationToken cancellationToken);

    /// <summary>Retires <paramref name="host"/>: its waiting and running targets are cancelled and it leaves the registry; the jobs this ended.</summary>
    Task<Either<Error, Seq<Domain.Jobs.JobEvent.Finished>>> Forget(HostId host, CancellationToken cancellationToken);
}

/// <summary>A host of the fleet as the registry knows it.</summary>
/// <param name="Id">The host.</param>
/// <param name="Version">The GitReload version it runs.</param>
/// <param name="StartedAt">When it last started.</param>
/// <param name="LastSeen">Its last heartbeat.</param>
/// <param name="Live">True when it was seen within the last <see cref="FleetHost.DownAfter"/> and has not said it stopped.</param>
/// <param name="Checkouts">What it holds.</param>
public sealed record FleetHost(HostId Id, string Version, DateTimeOffset StartedAt, DateTimeOffset LastSeen, bool Live, Seq<RegisteredCheckout> Checkouts)
{
    /// <summary>A host not seen for this long is down.</summary>
    public static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(30);

    /// <summary>When it said it stopped (it has not joined again since); none while it runs, or when it vanished without a word.</summary>
    public Option<DateTimeOffset> LeftAt { get; init; } = Option<DateTimeOffset>.None;

    /// <summary>Whether a host last seen at <paramref name="lastSeen"/>, that left at <paramref name="leftAt"/> if ever, is live at <paramref name="now"/>.</summary>
    public static bool IsLive(DateTimeOffset lastSeen, Option<DateTimeOffset> leftAt, DateTimeOffset now) =>
        leftAt.IsNone && now - lastSeen < DownAfter;
}
