using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>
/// The decision rules for a webhook, in two pure steps around one look at the disk:
/// <see cref="Read"/> settles every delivery that needs no checkout, and <see cref="Decide"/>
/// settles a valid push against the state of its checkout.
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

    /// <summary>Decides what to do with <paramref name="push"/>, given what its checkout looks like.</summary>
    /// <param name="route">The job the hook's route asks for.</param>
    /// <param name="push">The push, already read.</param>
    /// <param name="checkout">What is on disk for the push's repository.</param>
    public static Decision Decide(JobAction route, ValidPush push, CheckoutState checkout) =>
        OnBranchOrProblem(checkout, local => DecideOnBranch(route, push, local));

    /// <summary>
    /// Decides an operator's request to run <paramref name="route"/>'s job on <paramref name="repo"/>
    /// now: queued for the checked-out branch whenever the checkout can be acted on.
    /// </summary>
    public static Decision DecideByHand(JobAction route, RepoName repo, CheckoutState checkout) =>
        OnBranchOrProblem(checkout, local => new Decision.Enqueue(new JobRequest(repo, route, local.OriginUrl, local.Branch, "")));

    private static Decision OnBranchOrProblem(CheckoutState checkout, Func<CheckoutState.OnBranch, Decision> onBranch) => checkout.Match(
        noRepoDir: _ => new Decision.ServerProblem(CheckoutProblem.RepoDirMissing),
        notCloned: _ => new Decision.ServerProblem(CheckoutProblem.NotACheckout),
        detached: _ => new Decision.ServerProblem(CheckoutProblem.DetachedHead),
        noOrigin: _ => new Decision.ServerProblem(CheckoutProblem.NoOrigin),
        onBranch: onBranch);

    private static Either<Decision, ValidPush> ReadPush(PushEvent push) =>
        RepoName.Parse(push.RepositoryName).Match<Either<Decision, ValidPush>>(
            Right: name => new ValidPush(name, push.Updates),
            Left: error => new Decision.BadRequest(error.Message));

    private static Decision DecideOnBranch(JobAction route, ValidPush push, CheckoutState.OnBranch local) =>
        push.Updates.Find(u => GitRef.Parse(u.Ref).IsBranch(local.Branch)).Match(
            Some: update => update.RemovesRef
                ? new Decision.BranchDeleted(local.Branch)
                : new Decision.Enqueue(new JobRequest(push.Repo, route, local.OriginUrl, local.Branch, update.After)),
            None: () => (Decision)new Decision.BranchMismatch(string.Join(", ", push.Updates.Map(u => u.Ref)), local.Branch));
}
