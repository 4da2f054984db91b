using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.AspNetCore.Fleet;

/// <summary>
/// The journal's reads of registered checkouts (the dashboard, the hosts' list), answered once this
/// host's checkouts are registered (<see cref="FleetPresence.Registered"/>): a host alone registers
/// them after it starts listening, and until then the journal holds none of them, or an earlier run's.
/// Writes and the other reads go straight through.
/// </summary>
internal sealed class RegisteredFirst(ICheckoutOverview overview, IFleetRegistry fleet, FleetPresence presence) : ICheckoutOverview, IFleetRegistry
{
    private async Task<T> After<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        await presence.Registered.WaitAsync(cancellationToken);
        return await read();
    }

    public Task<Either<Error, Seq<CheckoutSummary>>> Checkouts(HostId host, CancellationToken cancellationToken) =>
        After(() => overview.Checkouts(host, cancellationToken), cancellationToken);

    public Task<Either<Error, Seq<(CheckoutStanding Standing, int Count)>>> Tally(HostId host, CancellationToken cancellationToken) =>
        After(() => overview.Tally(host, cancellationToken), cancellationToken);

    public Task<Either<Error, int>> Count(HostId host, CheckoutSelection selection, CancellationToken cancellationToken) =>
        After(() => overview.Count(host, selection, cancellationToken), cancellationToken);

    public Task<Either<Error, Seq<CheckoutSummary>>> Select(HostId host, CheckoutSelection selection, int skip, int take, CancellationToken cancellationToken) =>
        After(() => overview.Select(host, selection, skip, take, cancellationToken), cancellationToken);

    public Task<Either<Error, Seq<HostSummary>>> HostSummaries(CancellationToken cancellationToken) =>
        After(() => overview.HostSummaries(cancellationToken), cancellationToken);

    public Task<Either<Error, Seq<PeerCheckout>>> Peers(Seq<RepoName> repos, HostId self, CancellationToken cancellationToken) =>
        overview.Peers(repos, self, cancellationToken);

    public Task<Either<Error, Seq<FleetHost>>> Hosts(CancellationToken cancellationToken) =>
        After(() => fleet.Hosts(cancellationToken), cancellationToken);

    public Task<Either<Error, Unit>> Join(HostId host, string version, CancellationToken cancellationToken) => fleet.Join(host, version, cancellationToken);

    public Task<Either<Error, bool>> Heartbeat(HostId host, Seq<JobId> running, CancellationToken cancellationToken) => fleet.Heartbeat(host, running, cancellationToken);

    public Task<Either<Error, Unit>> Leave(HostId host, CancellationToken cancellationToken) => fleet.Leave(host, cancellationToken);

    public Task<Either<Error, Unit>> Register(HostId host, Seq<RegisteredCheckout> checkouts, bool complete, CancellationToken cancellationToken) =>
        fleet.Register(host, checkouts, complete, cancellationToken);

    public Task<Either<Error, Seq<HostCheckout>>> Holders(RepoName repo, HostId self, CancellationToken cancellationToken) =>
        fleet.Holders(repo, self, cancellationToken);

    public Task<Either<Error, Seq<JobEvent.Finished>>> Forget(HostId host, CancellationToken cancellationToken) => fleet.Forget(host, cancellationToken);
}
