using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Snapshooter.Xunit;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>The hook decision against a fleet: which hosts are a job's targets, and which answer when none is.</summary>
public class FleetIntakeTests
{
    private static readonly HostId A = Some.HostOf("a");
    private static readonly HostId B = Some.HostOf("b");
    private static readonly HostId C = Some.HostOf("c");

    private static CheckoutState On(string branch) => new CheckoutState.OnBranch(branch, $"git@example.org:course-{branch}.git");

    private static readonly (string Name, PushEvent Push)[] Pushes =
    [
        ("push master", Some.Push()),
        ("push devel", Some.Push(gitRef: "refs/heads/devel")),
        ("delete master", Some.Push(after: RefUpdate.ZeroSha, deleted: true)),
        ("push tag v1", Some.Push(gitRef: "refs/tags/v1")),
    ];

    // This host (a) first, as read from its disk; then the others as registered.
    private static readonly (string Name, FleetView Fleet)[] Fleets =
    [
        ("a master", FleetView.Alone(A, On("master"))),
        ("a,b,c master", new FleetView(new HostCheckout(A, On("master")), Seq(new HostCheckout(B, On("master")), new HostCheckout(C, On("master"))))),
        ("a master, b devel", new FleetView(new HostCheckout(A, On("master")), Seq1(new HostCheckout(B, On("devel"))))),
        ("a devel, b,c master", new FleetView(new HostCheckout(A, On("devel")), Seq(new HostCheckout(B, On("master")), new HostCheckout(C, On("master"))))),
        ("a not cloned, b master", new FleetView(new HostCheckout(A, new CheckoutState.NotCloned()), Seq1(new HostCheckout(B, On("master"))))),
        ("a no REPODIR, b master", new FleetView(new HostCheckout(A, new CheckoutState.NoRepoDir()), Seq1(new HostCheckout(B, On("master"))))),
        ("a no REPODIR, alone", FleetView.Alone(A, new CheckoutState.NoRepoDir())),
        ("a not cloned, alone", FleetView.Alone(A, new CheckoutState.NotCloned())),
        ("a detached, b master", new FleetView(new HostCheckout(A, new CheckoutState.Detached()), Seq1(new HostCheckout(B, On("master"))))),
        ("a not cloned, b detached", new FleetView(new HostCheckout(A, new CheckoutState.NotCloned()), Seq1(new HostCheckout(B, new CheckoutState.Detached())))),
        ("a no origin, b master", new FleetView(new HostCheckout(A, new CheckoutState.NoOrigin("master")), Seq1(new HostCheckout(B, On("master"))))),
        ("a no origin, b devel", new FleetView(new HostCheckout(A, new CheckoutState.NoOrigin("master")), Seq1(new HostCheckout(B, On("devel"))))),
        ("a not cloned, b no origin", new FleetView(new HostCheckout(A, new CheckoutState.NotCloned()), Seq1(new HostCheckout(B, new CheckoutState.NoOrigin("master"))))),
    ];

    // One line a person can review: what is queued, for whom; or the answer.
    private static string Show(Decision decision) => decision.Match(
        pong: _ => "pong",
        ignoredEvent: _ => "ignored event",
        badRequest: b => $"400 {b.Reason}",
        serverProblem: s => $"500 {s.Problem}",
        branchMismatch: m => $"200 mismatch ({m.PushedRef} vs {m.CheckedOut})",
        branchDeleted: d => $"200 deleted ({d.Branch})",
        enqueue: e => $"queue {e.Job.Action} of {e.Job.Branch} from {e.Job.RepoUrl} on {e.Targets}");

    [Fact]
    public void Every_push_against_every_fleet_has_one_reviewed_decision()
    {
        var rows =
            from route in new[] { JobAction.GetLatest, JobAction.CourseImport }
            from push in Pushes
            from fleet in Fleets
            select $"{route,-12} | {push.Name,-13} | {fleet.Name,-24} | {Show(Intake.Decide(route, new ValidPush(Some.Repo(), push.Push.Updates), fleet.Fleet))}";

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void Every_job_asked_for_by_hand_against_every_fleet_has_one_reviewed_decision()
    {
        var rows =
            from route in new[] { JobAction.GetLatest, JobAction.CourseImport }
            from fleet in Fleets
            select $"{route,-12} | {fleet.Name,-24} | {Show(Intake.DecideByHand(route, Some.Repo(), fleet.Fleet, None))}";

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void An_update_runs_on_every_host_on_the_pushed_branch_with_this_host_first()
    {
        var decision = Intake.Decide(JobAction.GetLatest, new ValidPush(Some.Repo(), Some.Push().Updates), Fleets[3].Fleet);

        var targets = Assert.IsType<JobTargets.Each>(Assert.IsType<Decision.Enqueue>(decision).Targets);
        Assert.Equal(new[] { B, C }, targets.Hosts.ToArray());
    }

    [Fact]
    public void An_import_runs_once_on_any_one_host_that_holds_the_checkout_on_the_branch() =>
        Assert.IsType<JobTargets.AnyOne>(Assert.IsType<Decision.Enqueue>(
            Intake.Decide(JobAction.CourseImport, new ValidPush(Some.Repo(), Some.Push().Updates), Fleets[1].Fleet)).Targets);

    [Fact]
    public void A_job_by_hand_runs_on_every_host_on_this_host_s_branch() =>
        Assert.Equal(
            "queue GetLatest of master from git@example.org:course-master.git on each of [a, b, c]",
            Show(Intake.DecideByHand(JobAction.GetLatest, Some.Repo(), Fleets[1].Fleet, None)));

    [Fact]
    public void A_job_by_hand_on_a_host_without_the_checkout_runs_where_the_fleet_has_it() =>
        Assert.Equal(
            "queue GetLatest of master from git@example.org:course-master.git on each of [b]",
            Show(Intake.DecideByHand(JobAction.GetLatest, Some.Repo(), Fleets[4].Fleet, None)));

    private const string Published = "3333333ccccccccccccccccccccccccccccccccc";

    [Fact]
    public void A_rollback_by_hand_names_the_commit_this_host_publishes_as_the_one_every_host_undoes()
    {
        var enqueue = Assert.IsType<Decision.Enqueue>(Intake.DecideByHand(JobAction.Rollback, Some.Repo(), Fleets[1].Fleet, Published));

        Assert.Equal((Published, "each of [a, b, c]"), (enqueue.Job.After.IfNoneUnsafe((string?)null), enqueue.Targets.ToString()));
    }

    [Fact]
    public void A_rollback_asked_of_a_host_that_publishes_nothing_atomically_names_no_commit() =>
        Assert.True(Assert.IsType<Decision.Enqueue>(Intake.DecideByHand(JobAction.Rollback, Some.Repo(), Fleets[1].Fleet, None)).Job.After.IsNone);

    [Fact]
    public void An_update_by_hand_names_no_commit_even_on_a_host_that_publishes_one() =>
        Assert.True(Assert.IsType<Decision.Enqueue>(Intake.DecideByHand(JobAction.GetLatest, Some.Repo(), Fleets[1].Fleet, Published)).Job.After.IsNone);
}
