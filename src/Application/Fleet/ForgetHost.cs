using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Fleet;

/// <summary>
/// An operator retires a host that was stopped: its waiting and running targets are cancelled, it
/// leaves the registry (and so every job's targets and the convergence view), and the jobs this
/// ended are told. A host the fleet does not know, or one still live, is refused.
/// </summary>
public sealed class ForgetHost(IFleetRegistry fleet, IJobEvents events)
{
    /// <summary>The code of the error for a host id that is not one.</summary>
    public const int BadHost = 400;

    /// <summary>The code of the error for a host the fleet does not know.</summary>
    public const int UnknownHost = 404;

    /// <summary>The code of the error for a host that is still live.</summary>
    public const int LiveHost = 409;

    /// <summary>Retires the host named <paramref name="hostId"/>; how many jobs it ended, or why it could not.</summary>
    public Task<Either<Error, int>> Handle(string hostId, CancellationToken cancellationToken) =>
        HostId.Parse(hostId).Match(
            Right: host => Forget(host, cancellationToken),
            Left: e => Task.FromResult(Either<Error, int>.Left(Error.New(BadHost, e.Message))));

    private async Task<Either<Error, int>> Forget(HostId host, CancellationToken cancellationToken)
    {
        var hosts = await fleet.Hosts(cancellationToken);
        foreach (var error in hosts.LeftToSeq())
            return error;
        var known = hosts.RightToSeq().Bind(h => h).Find(h => h.Id == host);
        if (known.IsNone)
            return Error.New(UnknownHost, $"no host {host} in the fleet (GET /hosts lists them)");
        foreach (var live in known.Filter(h => h.Live))
            return Error.New(LiveHost,
                $"host {host} counts as live: it was seen at {live.LastSeen:u}, within the last {FleetHost.DownAfter.TotalSeconds:0} s; stop it (a host that stops cleanly can be retired at once), or retire it once it has not been seen for {FleetHost.DownAfter.TotalSeconds:0} s");
        var ended = await fleet.Forget(host, cancellationToken);
        foreach (var finished in ended.RightToSeq().Bind(e => e))
            await events.Tell(finished, cancellationToken);
        return ended.Map(e => e.Count);
    }
}
