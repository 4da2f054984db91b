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
/// last said (the reconcile loop's drift).
/// </summary>
public sealed class ReadDashboard(IJobHistory history, ICheckoutOverview overview, IOriginLedger origins, IHealLedger heals, HealLadder ladder, HostId host)
{
    /// <summary>How many recent jobs the dashboard lists.</summary>
    public const int RecentJobs = 30;

    /// <summary>How many checkouts one page lists.</summary>
    public const int PageSize = 50;

    /// <summary>How many of the checkouts that need a person are listed first (the tally counts them all).</summary>
    public const int AttentionRows = 20;

    /// <summary>The dashboard for <paramref name="query"/>, read now.</summary>
    public async Task<Either<Error, DashboardView>> Handle(DashboardQuery query, CancellationToken cancellationToken)
    {
        var open = await history.Open(cancellationToken);
        var recent = await history.List(new JobQuery(None, None, RecentJobs), cancellationToken);
        var hosts = await overview.HostSummaries(cancellationToken);
        var checkouts = await overview.Checkouts(host, cancellationToken);
        var read = from waiting in open from newest in recent from fleet in hosts from all in checkouts select (waiting, newest, fleet, all);
        return await read.BindAsync(r => View(query, r.waiting, r.newest, r.fleet.OrderBy(h => h.Id.Value, StringComparer.Ordinal).ToSeq(), r.all, cancellationToken));
    }

    private async Task<Either<Error, DashboardView>> View(
        DashboardQuery query, Seq<JobRecord> queue, Seq<JobRecord> recent, Seq<HostSummary> hosts, Seq<CheckoutSummary> all, CancellationToken cancellationToken)
    {
        var byName = all.OrderBy(c => c.Checkout.Repo.Value, StringComparer.Ordinal).Select(c => (Summary: c, c.Standing)).ToArray();
        var tally = new CheckoutTally(byName.Length, Enum.GetValues<CheckoutStanding>().Select(s => (s, byName.Count(c => c.Standing == s))).ToSeq());
        var attention = byName.Where(c => Standing.NeedsAPerson(c.Standing)).OrderBy(c => c.Standing).Take(AttentionRows).Select(c => c.Summary).ToSeq();
        var matching = byName.Where(c => query.Selects(c.Summary, c.Standing)).Select(c => c.Summary).ToArray();
        var pages = Math.Max(1, (matching.Length + PageSize - 1) / PageSize);
        var page = Math.Min(query.Page, pages);
        var shown = matching.Skip((page - 1) * PageSize).Take(PageSize).ToSeq();

        // Other hosts' checkouts only for the rows shown, and only in a fleet. (LINQ's Distinct: LanguageExt's looks up an equality by loading all its types.)
        var peers = hosts.Count > 1
            ? await overview.Peers(Enumerable.Distinct(attention.Concat(shown).Map(c => c.Checkout.Repo)).ToSeq(), host, cancellationToken)
            : Right<Error, Seq<PeerCheckout>>(Seq<PeerCheckout>());
        // What origins said and the retries scheduled only add to the page: when they cannot be read, the page goes without them.
        var known = (await origins.Known(cancellationToken)).IfLeft(Seq<OriginSeen>());
        var retries = (await heals.Pending(cancellationToken)).IfLeft(Seq<PendingHeal>())
            .Map(h => new ScheduledRetry(h.Request, h.Mark.FailedJob, h.Mark.Rung + 1, ladder.DueAt(h.Mark)))
            .OrderBy(r => r.DueAt).ToSeq();
        return peers.Map(found =>
        {
            var of = found.ToLookup(p => p.Checkout.Repo.Value, StringComparer.Ordinal);
            CheckoutRow Row(CheckoutSummary c) => new(c, of[c.Checkout.Repo.Value].ToSeq());
            return new DashboardView(queue, recent, hosts, tally, attention.Map(Row), new CheckoutPage(query with { Page = page }, matching.Length, pages, shown.Map(Row)))
            {
                Origins = known,
                Retries = retries,
            };
        });
    }
}

/// <summary>Which checkouts the dashboard lists: <c>?repo=</c> (part of the name, any case), <c>?status=</c> and <c>?page=</c> (from 1).</summary>
public sealed record DashboardQuery(Option<string> Repo, Option<CheckoutStanding> Status, int Page)
{
    /// <summary>Every checkout, first page.</summary>
    public static readonly DashboardQuery All = new(None, None, 1);

    /// <summary>True when the query lists <paramref name="checkout"/>, which stands so.</summary>
    public bool Selects(CheckoutSummary checkout, CheckoutStanding standing) =>
        Repo.ForAll(part => checkout.Checkout.Repo.Value.Contains(part, StringComparison.OrdinalIgnoreCase))
        && Status.ForAll(s => s == standing);
}

/// <summary>What the dashboard shows.</summary>
/// <param name="Queue">Jobs waiting or running, oldest first.</param>
/// <param name="Recent">The newest jobs in the journal, newest first.</param>
/// <param name="Hosts">Every host of the fleet (one for a host alone).</param>
/// <param name="Tally">How many of this host's checkouts stand each way.</param>
/// <param name="Attention">The first <see cref="ReadDashboard.AttentionRows"/> checkouts that need a person, most urgent first.</param>
/// <param name="Checkouts">The page of checkouts the query selects, by name.</param>
public sealed record DashboardView(
    Seq<JobRecord> Queue, Seq<JobRecord> Recent, Seq<HostSummary> Hosts, CheckoutTally Tally, Seq<CheckoutRow> Attention, CheckoutPage Checkouts)
{
    /// <summary>What each asked origin last said (the reconcile loop's drift), by checkout and branch.</summary>
    public Seq<OriginSeen> Origins { get; init; } = Seq<OriginSeen>();

    /// <summary>Failed updates waiting for their next retry, soonest first.</summary>
    public Seq<ScheduledRetry> Retries { get; init; } = Seq<ScheduledRetry>();
}

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
