using CsCheck;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Whatever a parser hands over and whatever is on disk, the decision is a documented one and follows its rules.</summary>
public sealed class IntakeProperties
{
    private static readonly Gen<CheckoutState> Checkout = Gen.Frequency(
        (1, Gen.Const<CheckoutState>(new CheckoutState.NoRepoDir())),
        (1, Gen.Const<CheckoutState>(new CheckoutState.NotCloned())),
        (1, Gen.Const<CheckoutState>(new CheckoutState.Detached())),
        (1, Hostile.Name.Select(b => (CheckoutState)new CheckoutState.NoOrigin(b))),
        (6, Gen.Select(Gen.Frequency((3, Gen.Const("master")), (1, Hostile.Name)), Gen.String)
            .Select((branch, origin) => (CheckoutState)new CheckoutState.OnBranch(branch, origin))));

    private static readonly Gen<JobAction> Route = Gen.OneOf(Gen.Const(JobAction.CourseImport), Gen.Const(JobAction.GetLatest));

    [Fact]
    public void Any_event_against_any_checkout_gets_the_decision_its_rules_give()
    {
        Gen.Select(Hostile.Event, Checkout, Route).Sample((hook, checkout, route) =>
        {
            var decision = Intake.Read(hook).Match(Left: d => d, Right: push => Intake.Decide(route, push, GitReload.Domain.Fleet.FleetView.Alone(GitReload.Tests.Shared.TestJournal.Host, checkout)));
            Assert.Equal(Expected(hook, checkout), decision.GetType());
            if (decision is Decision.Enqueue e)
                AssertJobFollowsThePush(e.Job, (HookEvent.Push)hook, (CheckoutState.OnBranch)checkout, route);
        }, iter: 5_000);
    }

    [Fact]
    public void Any_parsed_delivery_against_any_checkout_gets_a_documented_decision()
    {
        Gen.Int[0, Hostile.Deliveries.Length - 1]
            .SelectMany(i => Hostile.OneFieldSwapped(Hostile.Deliveries[i].Body).Select(body => (Hostile.Deliveries[i].Headers(), body)))
            .Select(Checkout, Route)
            .Sample((delivery, checkout, route) =>
            {
                var hook = Read.Delivery(delivery.Item1, delivery.body).Event;
                var decision = Intake.Read(hook).Match(Left: d => d, Right: push => Intake.Decide(route, push, GitReload.Domain.Fleet.FleetView.Alone(GitReload.Tests.Shared.TestJournal.Host, checkout)));
                Assert.Equal(Expected(hook, checkout), decision.GetType());
            }, iter: 1_000);
    }

    /// <summary>The decision table, restated: which case each event and checkout must end in.</summary>
    private static Type Expected(HookEvent hook, CheckoutState checkout) => hook switch
    {
        HookEvent.Ping => typeof(Decision.Pong),
        HookEvent.Unhandled => typeof(Decision.IgnoredEvent),
        HookEvent.Malformed => typeof(Decision.BadRequest),
        HookEvent.Push p when RepoName.Parse(p.Event.RepositoryName).IsLeft => typeof(Decision.BadRequest),
        HookEvent.Push p => checkout switch
        {
            CheckoutState.OnBranch local => p.Event.Updates.Find(u => u.Ref == "refs/heads/" + local.Branch && local.Branch.Length > 0).Match(
                Some: u => u.Deleted || u.After.Exists(sha => sha.Length > 0 && sha.All(c => c == '0')) ? typeof(Decision.BranchDeleted) : typeof(Decision.Enqueue),
                None: () => typeof(Decision.BranchMismatch)),
            _ => typeof(Decision.ServerProblem),
        },
        _ => throw new InvalidOperationException("Not a documented event: " + hook),
    };

    private static void AssertJobFollowsThePush(JobRequest job, HookEvent.Push push, CheckoutState.OnBranch local, JobAction route)
    {
        Assert.Equal(push.Event.RepositoryName, job.Repo.Value);
        Assert.Equal((route, local.Branch, local.OriginUrl), (job.Action, job.Branch, job.RepoUrl));
        Assert.Contains(push.Event.Updates, u => u.Ref == "refs/heads/" + local.Branch && job.After.IfNoneUnsafe((string?)null) == u.After.IfNoneUnsafe((string?)null));
    }
}
