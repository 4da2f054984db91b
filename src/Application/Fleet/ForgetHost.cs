using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Fleet;

/// <summary>
/// An operator retires a host that was stopped: its waiting and running targets are cancelled, it
/// leaves the registry (and so every job's targets and the convergence view), and the jobs this
/// ended are told. A host the fleet does not know, or one still live, is refused.
/// </summary>
public sealed class ForgetHost(IFleetRegistry fleet, IJobEvents events)
{
    /// <summary>Retires the host named <paramref name="hostId"/>; how many jobs it ended, or why it could not.</summary>
    public Task<Either<HostNotRetired, int>> Handle(string hostId, CancellationToken cancellationToken) =>
        HostId.Parse(hostId).Match(
            Right: host => Forget(host, cancellationToken),
            Left: e => Task.FromResult(Either<HostNotRetired, int>.Left(new HostNotRetired.NotAHostId(e.Message))));

    private async Task<Either<HostNotRetired, int>> Forget(HostId host, CancellationToken cancellationToken)
    {
        var hosts = await fleet.Hosts(cancellationToken);
        foreach (var error in hosts.LeftToSeq())
            return new HostNotRetired.JournalFailed(error);
        var known = hosts.RightToSeq().Bind(h => h).Find(h => h.Id == host);
        if (known.IsNone)
            return new HostNotRetired.Unknown(host);
        foreach (var live in known.Filter(h => h.Live))
            return new HostNotRetired.StillLive(host, live.LastSeen);
        var ended = await fleet.Forget(host, cancellationToken);
        foreach (var finished in ended.RightToSeq().Bind(e => e))
            await events.Tell(finished, cancellationToken);
        return ended.Map(e => e.Count).MapLeft(HostNotRetired (e) => new HostNotRetired.JournalFailed(e));
    }
}
