using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace GitReload.Application.Dashboard;

/// <summary>
/// Reads what <c>GET /dashboard</c> shows from the journal and the fleet registry, never from the
/// checkouts on disk: the queue, the recent jobs, the hosts, what needs a person, a tally of every
/// checkout by where it stands, one page of the checkouts the query selects, and what their origins
/// last said (the reconcile loop's drift), and the folders under <c>REPODIR</c> this host's last listing could not use.
/// </summary>
public sealed class ReadDashboard(
    IJobHistory history, ICheckoutOverview overview, IOriginLedger origins, IHealLedger heals, HealLadder ladder, HostId host, ICheckoutCatalog? catalog = null)
{
    /// <summary>How many recent jobs the dashboard lists.</summary>
    public const int RecentJobs = 30;

    /// <summary>How many jobs of the queue are listed; <see cref="OpenJobs.Count"/> counts them all.</summary>
    public const int QueueRows = 30;

    /// <summary>How many checkouts one page lists.</summary>
    public const int PageSize = 50;

    /// <summary>How many of the checkouts that need a person are listed first (the tally counts them all).</summary>
    public const int AttentionRows = 20;

    /// <summary>
    /// The dashboard for <paramref name="query"/>, read now. What it costs does not grow with the
    /// number of checkouts: the journal counts them by standing, and only the rows shown (what needs
    /// a person first, one page of the list) are read.
    /// </summary>
    public async Task<Either<Error, DashboardView>> Handle(DashboardQuery query, CancellationToken cancellationToken)
    {
        var open = await history.OpenFirst(QueueRows, cancellationToken);
        var waiting = await history.OpenCount(cancellationToken);
        var recent = await history.List(new JobQuery(None, None, RecentJobs), cancellationToken);
        var hosts = await overview.HostSummaries(cancellationToken);
        var counted = await overview.Tally(host, cancellationToken);
        var read = from first in open from count in waiting from newest in recent from fleet in hosts from counts in counted select (queue: new OpenJobs(count, first), newest, fleet, counts);
        return await read.BindAsync(r => View(query, r.queue, r.newest, r.fleet.OrderBy(h => h.Id.Value, StringComparer.Ordinal).ToSeq(), Tally(r.counts), cancellationToken));
    }

    // Every standing, in order, those no checkout stands in at 0.
    private static CheckoutTally Tally(Seq<(CheckoutStanding Standing, int Count)> counts) => new(
        counts.Sum(c => c.Count),
        Enum.GetValues<CheckoutStanding>().Select(s => (s, counts.Find(c => c.Standing == s).Map(c => c.Count).IfNone(0))).ToSeq());

    private async Task<Either<Error, DashboardView>> View(
        DashboardQuery query, OpenJobs queue, Seq<JobRecord> recent, Seq<HostSummary> hosts, CheckoutTally tally, CancellationToken cancellationToken)
    {
        var needing = tally.Total - tally.Of(CheckoutStanding.UpToDate);
        var selection = query.Selection;
        // Without ?repo= the tally already says how many the query selects.
        var counted = query.Repo.IsSome
            ? await overview.Count(host, selection, cancellationToken)
            : Right<Error, int>(query.Status.Match(tally.Of, () => tally.Total));
        return await counted.BindAsync(async matching =>
        {
            var pages = Math.Max(1, (matching + PageSize - 1) / PageSize);
            var page = Math.Min(query.Page, pages);
            var urgent = needing > 0 ? await overview.Select(host, CheckoutSelection.Attention, 0, AttentionRows, cancellationToken) : Right<Error, Seq<CheckoutSummary>>(Seq<CheckoutSummary>());
            var listed = matching > 0 ? await overview.Select(host, selection, (page - 1) * PageSize, PageSize, cancellationToken) : Right<Error, Seq<CheckoutSummary>>(Seq<CheckoutSummary>());
            return await (from attention in urgent from shown in listed select (attention, shown))
                .BindAsync(r => View(query with { Page = page }, queue, recent, hosts, tally, r.attention, new CheckoutSlice(matching, pages, r.shown), cancellationToken));
        });
    }

    private sealed record CheckoutSlice(int Matching, int Pages, Seq<CheckoutSummary> Shown);

    private async Task<Either<Error, DashboardView>> View(
        DashboardQuery query, OpenJobs queue, Seq<JobRecord> recent, Seq<HostSummary> hosts, CheckoutTally tally,
        Seq<CheckoutSummary> attention, CheckoutSlice slice, CancellationToken cancellationToken)
    {
        var shown = slice.Shown;
        // Other hosts' checkouts and what origins said only for the rows shown; the peers only in a fleet. (LINQ's Distinct: LanguageExt's looks up an equality by loading all its types.)
        var repos = Enumerable.Distinct(attention.Concat(shown).Map(c => c.Checkout.Repo)).ToSeq();
        var peers = hosts.Count > 1
            ? await overview.Peers(repos, host, cancellationToken)
            : Right<Error, Seq<PeerCheckout>>(Seq<PeerCheckout>());
        // What origins said and the retries scheduled only add to the page: when they cannot be read, the page goes without them.
        var known = (await origins.Known(repos, cancellationToken)).IfLeft(Seq<OriginSeen>());
        var retries = (await heals.Pending(cancellationToken)).IfLeft(Seq<PendingHeal>())
            .Map(h => new ScheduledRetry(h.Request, h.Mark.FailedJob, h.Mark.Rung + 1, ladder.DueAt(h.Mark)))
            .OrderBy(r => r.DueAt).ToSeq();
        return peers.Map(found =>
        {
            var of = found.ToLookup(p => p.Checkout.Repo.Value, StringComparer.Ordinal);
            CheckoutRow Row(CheckoutSummary c) => new(c, of[c.Checkout.Repo.Value].ToSeq());
            return new DashboardView(queue, recent, hosts, tally, attention.Map(Row), new CheckoutPage(query, slice.Matching, slice.Pages, shown.Map(Row)))
            {
                Origins = known,
                Retries = retries,
                Refused = catalog?.Refused ?? Seq<RefusedFolder>(),
            };
        });
    }
}

/// <summary>Which checkouts the dashboard lists: <c>?repo=</c> (part of the name, any case), <c>?status=</c> and <c>?page=</c> (from 1).</summary>
public sealed record DashboardQuery(Option<string> Repo, Option<CheckoutStanding> Status, int Page)
{
    /// <summary>Every checkout, first page.</summary>
    public static readonly DashboardQuery All = new(None, None, 1);

    /// <summary>The checkouts it lists, by name.</summary>
    public CheckoutSelection Selection => new(Repo, Status, NeedingAPerson: false);
}

/// <summary>What the dashboard shows.</summary>
/// <param name="Queue">How many jobs wait or run, and the first <see cref="ReadDashboard.QueueRows"/> of them.</param>
/// <param name="Recent">The newest jobs in the journal, newest first.</param>
/// <param name="Hosts">Every host of the fleet (one for a host alone).</param>
/// <param name="Tally">How many of this host's checkouts stand each way.</param>
/// <param name="Attention">The first <see cref="ReadDashboard.AttentionRows"/> checkouts that need a person, most urgent first.</param>
/// <param name="Checkouts">The page of checkouts the query selects, by name.</param>
public sealed record DashboardView(
    OpenJobs Queue, Seq<JobRecord> Recent, Seq<HostSummary> Hosts, CheckoutTally Tally, Seq<CheckoutRow> Attention, CheckoutPage Checkouts)
{
    /// <summary>What the asked origins of the checkouts shown last said (the reconcile loop's drift), by checkout and branch.</summary>
    public Seq<OriginSeen> Origins { get; init; } = Seq<OriginSeen>();

    /// <summary>Failed updates waiting for their next retry, soonest first.</summary>
    public Seq<ScheduledRetry> Retries { get; init; } = Seq<ScheduledRetry>();

    /// <summary>The folders under this host's <c>REPODIR</c> that look meant as checkouts but cannot be used, with why, by name.</summary>
    public Seq<RefusedFolder> Refused { get; init; } = Seq<RefusedFolder>();
}

/// <summary>The jobs waiting or running: how many, and the first of them, those running first, then oldest first.</summary>
public sealed record OpenJobs(int Count, Seq<JobRecord> First);

/// <summary>A failed update's next retry: the request tried again, the job that failed, which retry it will be, and when.</summary>
public sealed record ScheduledRetry(JobRequest Request, JobId FailedJob, int Try, DateTimeOffset DueAt);

/// <summary>How many checkouts there are, and how many stand each way (every standing, in order).</summary>
public sealed record CheckoutTally(int Total, Seq<(CheckoutStanding Standing, int Count)> ByStanding)
{
    /// <summary>How many stand as <paramref name="standing"/>.</summary>
    public int Of(CheckoutStanding standing) => ByStanding.Find(s => s.Standing == standing).Map(s => s.Count).IfNone(0);
}

/// <summary>A checkout as one row of the dashboard, with the other hosts' checkouts of its repository.</summary>
public sealed record CheckoutRow(CheckoutSummary Summary, Seq<PeerCheckout> Peers);

/// <summary>One page of the checkouts a query selects.</summary>
/// <param name="Query">The query, its page within the pages there are.</param>
/// <param name="Matching">How many checkouts the query selects.</param>
/// <param name="Pages">How many pages they fill (at least one).</param>
/// <param name="Rows">This page's rows.</param>
public sealed record CheckoutPage(DashboardQuery Query, int Matching, int Pages, Seq<CheckoutRow> Rows);
