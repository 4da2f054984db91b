using GitReload.Application.Ports;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Fleet;

/// <summary>Reads the fleet's hosts, as <c>GET /hosts</c> shows them.</summary>
public sealed class ReadHosts(IFleetRegistry fleet)
{
    /// <summary>Every host, live or down, with its checkouts.</summary>
    public Task<Either<Error, Seq<FleetHost>>> Handle(CancellationToken cancellationToken) => fleet.Hosts(cancellationToken);
}
