using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace GitReload.Application.Dashboard;

/// <summary>Reads what <c>GET /dashboard</c> shows: the queue, the recent jobs, the hosts and every checkout with its last job.</summary>
public sealed class ReadDashboard(IJobHistory history, IFleetRegistry fleet, ICheckoutCatalog checkouts, IOriginLedger origins)
{
    /// <summary>How many recent jobs the dashboard lists.</summary>
    public const int RecentJobs = 30;

    /// <summary>The queue, the newest jobs, the hosts and the checkouts, read now.</summary>
    public async Task<Either<Error, DashboardView>> Handle(CancellationToken cancellationToken)
    {
        var open = await history.Open(cancellationToken);
        var recent = await history.List(new JobQuery(None, None, RecentJobs), cancellationToken);
        var hosts = await fleet.Hosts(cancellationToken);
        var found = await checkouts.List(cancellationToken);
        var read = from waiting in open from newest in recent from all in hosts select (waiting, newest, all);
        return await read.MatchAsync(
            RightAsync: async r =>
            {
                var rows = Seq<CheckoutRow>();
                foreach (var checkout in found)
                    rows = rows.Add(new CheckoutRow(checkout, await LastJob(checkout, r.newest, cancellationToken)));
                // What origins said only adds to the page: when it cannot be read, the page goes without it.
                var known = (await origins.Known(cancellationToken)).IfLeft(Seq<OriginSeen>());
                return Right<Error, DashboardView>(new DashboardView(r.waiting, r.newest, rows, r.all) { Origins = known });
            },
            Left: error => Left<Error, DashboardView>(error));
    }

    // Most checkouts' last job is among the recent ones; only the quiet ones cost a query.
    private async Task<Option<JobRecord>> LastJob(RegisteredCheckout checkout, Seq<JobRecord> recent, CancellationToken cancellationToken)
    {
        var listed = recent.Find(j => j.Request.Repo == checkout.Repo);
        return listed.IsSome
            ? listed
            : (await history.List(new JobQuery(checkout.Repo, None, 1), cancellationToken)).Match(found => found.HeadOrNone(), _ => None);
    }
}

/// <summary>What the dashboard shows.</summary>
/// <param name="Queue">Jobs waiting or running, oldest first.</param>
/// <param name="Recent">The newest jobs in the journal, newest first.</param>
/// <param name="Checkouts">Every checkout under this host's <c>REPODIR</c>, by name.</param>
/// <param name="Hosts">Every host of the fleet (one for a host alone), with what each holds.</param>
public sealed record DashboardView(Seq<JobRecord> Queue, Seq<JobRecord> Recent, Seq<CheckoutRow> Checkouts, Seq<FleetHost> Hosts)
{
    /// <summary>What each asked origin last said (the reconcile loop's drift), by checkout and branch.</summary>
    public Seq<OriginSeen> Origins { get; init; } = Seq<OriginSeen>();
}

/// <summary>A checkout and the newest job the journal holds for it.</summary>
public sealed record CheckoutRow(RegisteredCheckout Checkout, Option<JobRecord> LastJob);
