using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The fleet registry and the journal, read at a glance for the dashboard: one compact row per
/// checkout, the hosts without their checkouts, and other hosts' checkouts of a few repositories.
/// Nothing here reads a checkout from disk.
/// </summary>
public interface ICheckoutOverview
{
    /// <summary>Every checkout <paramref name="host"/> registered, each with the newest job of its repository.</summary>
    Task<Either<Error, Seq<CheckoutSummary>>> Checkouts(HostId host, CancellationToken cancellationToken);

    /// <summary>
    /// How many checkouts <paramref name="host"/> registered stand each way, counted by the journal
    /// (standings no checkout stands in are left out): the dashboard reads no checkout to count them.
    /// </summary>
    Task<Either<Error, Seq<(CheckoutStanding Standing, int Count)>>> Tally(HostId host, CancellationToken cancellationToken);

    /// <summary>How many checkouts of <paramref name="host"/> <paramref name="selection"/> selects.</summary>
    Task<Either<Error, int>> Count(HostId host, CheckoutSelection selection, CancellationToken cancellationToken);

    /// <summary>
    /// The checkouts of <paramref name="host"/> that <paramref name="selection"/> selects, in its order,
    /// from the <paramref name="skip"/>th on, at most <paramref name="take"/> of them.
    /// </summary>
    Task<Either<Error, Seq<CheckoutSummary>>> Select(HostId host, CheckoutSelection selection, int skip, int take, CancellationToken cancellationToken);

    /// <summary>Every host of the fleet, with how many checkouts it holds.</summary>
    Task<Either<Error, Seq<HostSummary>>> HostSummaries(CancellationToken cancellationToken);

    /// <summary>The checkouts of <paramref name="repos"/> that hosts other than <paramref name="self"/> registered.</summary>
    Task<Either<Error, Seq<PeerCheckout>>> Peers(Seq<RepoName> repos, HostId self, CancellationToken cancellationToken);
}

/// <summary>
/// One registered checkout as the dashboard lists it. New per-checkout facts belong here as
/// <c>init</c> properties (read by the journal's query, shown by a column of the page).
/// </summary>
/// <param name="Checkout">The checkout as its host last registered it.</param>
/// <param name="SeenAt">When its host last registered it.</param>
/// <param name="NewestJob">The newest job of its repository, if the journal holds one.</param>
/// <param name="OthersDiffer">True when another host holds it on the same branch at another commit.</param>
public sealed record CheckoutSummary(RegisteredCheckout Checkout, DateTimeOffset SeenAt, Option<NewestJob> NewestJob, bool OthersDiffer)
{
    /// <summary>Where it stands (<see cref="Domain.Checkouts.Standing.Of"/>).</summary>
    public CheckoutStanding Standing => Domain.Checkouts.Standing.Of(
        Checkout.State,
        NewestJob.Map(j => j.Status),
        Domain.Checkouts.Standing.IsBehind(Checkout.Head, OthersDiffer, NewestJob.Bind(j => j.PushedTo(Checkout.Branch))));
}

/// <summary>
/// Which checkouts a read selects, and in what order: those whose name holds <paramref name="Repo"/>
/// (in any case), that stand as <paramref name="Status"/>, and, with <paramref name="NeedingAPerson"/>,
/// only those that <see cref="Domain.Checkouts.Standing.NeedsAPerson">need a person</see>, most
/// urgent first; by name otherwise.
/// </summary>
public sealed record CheckoutSelection(Option<string> Repo, Option<CheckoutStanding> Status, bool NeedingAPerson)
{
    /// <summary>Every checkout, by name.</summary>
    public static readonly CheckoutSelection All = new(Option<string>.None, Option<CheckoutStanding>.None, false);

    /// <summary>Those that need a person, most urgent first (by standing, then name).</summary>
    public static readonly CheckoutSelection Attention = new(Option<string>.None, Option<CheckoutStanding>.None, true);

    /// <summary>True when it selects <paramref name="checkout"/>: the rule the journal's reads follow.</summary>
    public bool Selects(CheckoutSummary checkout) =>
        Repo.ForAll(part => checkout.Checkout.Repo.Value.Contains(part, StringComparison.OrdinalIgnoreCase))
        && Status.ForAll(s => s == checkout.Standing)
        && (!NeedingAPerson || Domain.Checkouts.Standing.NeedsAPerson(checkout.Standing));
}

/// <summary>The newest job of a repository, in brief.</summary>
/// <param name="Id">The job.</param>
/// <param name="Action">Import or update.</param>
/// <param name="Status">Its status over all its hosts.</param>
/// <param name="Branch">The branch it was asked for.</param>
/// <param name="After">The commit it was asked for; none for a job asked for by hand.</param>
/// <param name="QueuedAt">When it was queued.</param>
/// <param name="Error">The start of the first error of a failed job.</param>
public sealed record NewestJob(JobId Id, JobAction Action, JobStatus Status, string Branch, Option<string> After, DateTimeOffset QueuedAt, Option<string> Error)
{
    /// <summary>The commit the push named, when it was a push to <paramref name="branch"/>.</summary>
    public Option<string> PushedTo(Option<string> branch) =>
        After.Filter(_ => branch.Exists(b => b == Branch));
}

/// <summary>A host of the fleet at a glance.</summary>
/// <param name="Id">The host.</param>
/// <param name="Version">The GitReload version it runs.</param>
/// <param name="StartedAt">When it last started.</param>
/// <param name="LastSeen">Its last heartbeat.</param>
/// <param name="Live">True when it was seen within <see cref="FleetHost.DownAfter"/> and has not said it stopped.</param>
/// <param name="Checkouts">How many checkouts it registered.</param>
public sealed record HostSummary(HostId Id, string Version, DateTimeOffset StartedAt, DateTimeOffset LastSeen, bool Live, int Checkouts)
{
    /// <summary>When it said it stopped (it has not joined again since); none while it runs, or when it vanished without a word.</summary>
    public Option<DateTimeOffset> LeftAt { get; init; } = Option<DateTimeOffset>.None;
}

/// <summary>Another host's checkout of a repository.</summary>
public sealed record PeerCheckout(HostId Host, RegisteredCheckout Checkout);
