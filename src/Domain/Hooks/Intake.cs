using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>
/// The decision rules for a webhook, in two pure steps around one look at the checkouts:
/// <see cref="Read"/> settles every delivery that needs no checkout, and <see cref="Decide"/>
/// settles a valid push against the checkouts of its repository across the fleet (a host alone
/// is a fleet of one, and gets the answers the original tool gave).
/// </summary>
public static class Intake
{
    /// <summary>
    /// Settles pings, other events and unreadable pushes (left), or gives the push whose
    /// checkout must be looked at (right).
    /// </summary>
    public static Either<Decision, ValidPush> Read(HookEvent hook) => hook.Match<Either<Decision, ValidPush>>(
        ping: _ => new Decision.Pong(),
        push: p => ReadPush(p.Event),
        unhandled: _ => new Decision.IgnoredEvent(),
        malformed: m => new Decision.BadRequest(m.Reason));

    /// <summary>
    /// Decides what to do with <paramref name="push"/>, given the checkouts of its repository: the
    /// hosts on the first pushed branch that any host has checked out are the job's targets (an
    /// update runs on each, an import on any one). When no host is on a pushed branch, the answer
    /// is the one a single host would give: another branch checked out, else the checkout's problem.
    /// </summary>
    /// <param name="route">The job the hook's route asks for.</param>
    /// <param name="push">The push, already read.</param>
    /// <param name="fleet">This host's checkout, read now, and the other hosts' as registered.</param>
    public static Decision Decide(JobAction route, ValidPush push, FleetView fleet)
    {
        var hosts = fleet.All;
        foreach (var update in push.Updates)
        {
            foreach (var branch in Branch(update))
            {
                var on = OnBranch(hosts, branch);
                if (!on.IsEmpty)
                {
                    return update.RemovesRef
                        ? new Decision.BranchDeleted(branch)
                        : Enqueue(route, push.Repo, on, branch, update.After);
                }
            }
        }

        return OnAnyBranch(hosts).Match(
            Some: checkedOut => new Decision.BranchMismatch(string.Join(", ", push.Updates.Map(u => u.Ref)), checkedOut.Branch),
            None: () => Problem(fleet));
    }

    /// <summary>
    /// Decides an operator's request to run <paramref name="route"/>'s job on <paramref name="repo"/>
    /// now: queued for the branch this host has checked out (else the branch another host has),
    /// on every host on that branch, whenever a checkout can be acted on. A rollback undoes one named
    /// commit, the one this host publishes: it carries it as the request's <see cref="JobRequest.After"/>,
    /// so a host that publishes another commit leaves its tree alone and the fleet does not split.
    /// </summary>
    /// <param name="route">The job asked for.</param>
    /// <param name="repo">The checkout it is for.</param>
    /// <param name="fleet">This host's checkout, read now, and the other hosts' as registered.</param>
    /// <param name="publishedHere">The commit this host publishes atomically for <paramref name="repo"/>, if any: what a rollback undoes.</param>
    public static Decision DecideByHand(JobAction route, RepoName repo, FleetView fleet, Option<string> publishedHere)
    {
        var hosts = fleet.All;
        var after = route == JobAction.Rollback ? publishedHere : Option<string>.None;
        return OnAnyBranch(hosts).Match(
            Some: checkedOut => Enqueue(route, repo, OnBranch(hosts, checkedOut.Branch), checkedOut.Branch, after),
            None: () => Problem(fleet));
    }

    private static Decision Enqueue(JobAction route, RepoName repo, Seq<(HostId Host, CheckoutState.OnBranch Checkout)> on, string branch, Option<string> after)
    {
        // The request carries this host's origin when it is a target (the first), else the first target's.
        var request = new JobRequest(repo, route, on.Head.Checkout.OriginUrl, branch, after);
        var targets = on.Map(h => h.Host);
        return new Decision.Enqueue(request, route == JobAction.CourseImport ? new JobTargets.AnyOne(targets) : new JobTargets.Each(targets));
    }

    private static Seq<(HostId Host, CheckoutState.OnBranch Checkout)> OnBranch(Seq<HostCheckout> hosts, string branch) =>
        hosts.Choose(h => h.State is CheckoutState.OnBranch b && b.Branch == branch
            ? Option<(HostId, CheckoutState.OnBranch)>.Some((h.Host, b))
            : Option<(HostId, CheckoutState.OnBranch)>.None);

    private static Option<CheckoutState.OnBranch> OnAnyBranch(Seq<HostCheckout> hosts) =>
        hosts.Choose(h => h.State is CheckoutState.OnBranch b ? Option<CheckoutState.OnBranch>.Some(b) : Option<CheckoutState.OnBranch>.None).HeadOrNone();

    private static Option<string> Branch(RefUpdate update) =>
        GitRef.Parse(update.Ref) is GitRef.Branch b ? Option<string>.Some(b.Name) : Option<string>.None;

    // No host on any branch: the most telling problem, as a host alone would report its own.
    private static Decision Problem(FleetView fleet)
    {
        var hosts = fleet.All;
        var problem =
            hosts.Exists(h => h.State is CheckoutState.Detached) ? CheckoutProblem.DetachedHead
            : hosts.Exists(h => h.State is CheckoutState.NoOrigin) ? CheckoutProblem.NoOrigin
            : fleet.Self.State is CheckoutState.NoRepoDir && fleet.Others.IsEmpty ? CheckoutProblem.RepoDirMissing
            : CheckoutProblem.NotACheckout;
        return new Decision.ServerProblem(problem);
    }

    private static Either<Decision, ValidPush> ReadPush(PushEvent push) =>
        RepoName.Parse(push.RepositoryName).Match<Either<Decision, ValidPush>>(
            Right: name => new ValidPush(name, push.Updates),
            Left: error => new Decision.BadRequest(error.Message));
}
