using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Fleet;

/// <summary>
/// An operator retires a host: its waiting and running targets are cancelled, it leaves the
/// registry (and so every job's targets and the convergence view), and the jobs this ended are told.
/// </summary>
public sealed class ForgetHost(IFleetRegistry fleet, IJobEvents events)
{
    /// <summary>Retires the host named <paramref name="hostId"/>; how many jobs it ended, or why it could not.</summary>
    public async Task<Either<Error, int>> Handle(string hostId, CancellationToken cancellationToken)
    {
        var host = HostId.Parse(hostId);
        if (host.IsLeft) return host.Map(_ => 0);
        var ended = await fleet.Forget(host.Match(h => h, _ => throw new System.Diagnostics.UnreachableException()), cancellationToken);
        foreach (var finished in ended.RightToSeq().Bind(e => e))
            await events.Tell(finished, cancellationToken);
        return ended.Map(e => e.Count);
    }
}
