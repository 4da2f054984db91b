using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Application.Dashboard;

/// <summary>Reads what <c>GET /dashboard</c> shows: the queue, the recent jobs and every checkout with its last job.</summary>
public sealed class ReadDashboard(IJobQueue queue, IJobHistory history, ICheckoutCatalog checkouts)
{
    /// <summary>How many recent jobs the dashboard lists.</summary>
    public const int RecentJobs = 30;

    /// <summary>The queue, the newest jobs and the checkouts, read now.</summary>
    public async Task<DashboardView> Handle(CancellationToken cancellationToken)
    {
        var waiting = queue.Snapshot();
        var recent = await history.List(new JobQuery(None, None, RecentJobs), cancellationToken);
        var found = await checkouts.List(cancellationToken);
        var rows = Seq<CheckoutRow>();
        foreach (var checkout in found)
            rows = rows.Add(new CheckoutRow(checkout, await LastJob(checkout, recent, cancellationToken)));
        return new DashboardView(waiting, recent, rows);
    }

    // Most checkouts' last job is among the recent ones; only the quiet ones cost a query.
    private async Task<Option<JobRecord>> LastJob(CheckoutSummary checkout, Seq<JobRecord> recent, CancellationToken cancellationToken)
    {
        var listed = recent.Find(j => j.Request.Repo == checkout.Repo);
        return listed.IsSome
            ? listed
            : (await history.List(new JobQuery(checkout.Repo, None, 1), cancellationToken)).HeadOrNone();
    }
}

/// <summary>What the dashboard shows.</summary>
/// <param name="Queue">Jobs waiting or running, oldest first.</param>
/// <param name="Recent">The newest jobs in the journal, newest first.</param>
/// <param name="Checkouts">Every checkout under <c>REPODIR</c>, by name.</param>
public sealed record DashboardView(Seq<BoardJob> Queue, Seq<JobRecord> Recent, Seq<CheckoutRow> Checkouts);

/// <summary>A checkout and the newest job the journal holds for it.</summary>
public sealed record CheckoutRow(CheckoutSummary Checkout, Option<JobRecord> LastJob);
