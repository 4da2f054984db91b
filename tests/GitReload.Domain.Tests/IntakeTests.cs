using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using Snapshooter.Xunit;

namespace GitReload.Domain.Tests;

public class IntakeTests
{
    private static Decision Decide(JobAction route, HookEvent hook, CheckoutState checkout) =>
        Intake.Read(hook).Match(push => Intake.Decide(route, push, FleetView.Alone(Some.Host, checkout)), decision => decision);

    private static readonly (string Name, HookEvent Hook)[] Hooks =
    [
        ("ping", new HookEvent.Ping()),
        ("event issues", new HookEvent.Unhandled("issues")),
        ("no event header", new HookEvent.Unhandled("")),
        ("unreadable body", new HookEvent.Malformed("Body is not valid JSON")),
        ("push master", new HookEvent.Push(Some.Push())),
        ("push devel", new HookEvent.Push(Some.Push(gitRef: "refs/heads/devel"))),
        ("push tag master", new HookEvent.Push(Some.Push(gitRef: "refs/tags/master"))),
        ("delete master (deleted)", new HookEvent.Push(Some.Push(after: RefUpdate.ZeroSha, deleted: true))),
        ("delete master (zeros)", new HookEvent.Push(Some.Push(after: RefUpdate.ZeroSha))),
        ("delete devel", new HookEvent.Push(Some.Push(gitRef: "refs/heads/devel", deleted: true))),
        ("delete tag", new HookEvent.Push(Some.Push(gitRef: "refs/tags/v1", after: RefUpdate.ZeroSha, deleted: true))),
        ("push repo ../x", new HookEvent.Push(Some.Push(repo: "../x"))),
        ("push repo a/b", new HookEvent.Push(Some.Push(repo: "a/b"))),
        ("push repo ''", new HookEvent.Push(Some.Push(repo: ""))),
        ("push repo ctrl", new HookEvent.Push(Some.Push(repo: "a\u0007"))),
        ("push devel+master", new HookEvent.Push(new PushEvent("course", LanguageExt.Prelude.Seq(new RefUpdate("refs/heads/devel", Some.Sha, false), new RefUpdate("refs/heads/master", "1234", false)), default))),
        ("push devel+tag", new HookEvent.Push(new PushEvent("course", LanguageExt.Prelude.Seq(new RefUpdate("refs/heads/devel", Some.Sha, false), new RefUpdate("refs/tags/v2", Some.Sha, false)), default))),
        ("push no refs", new HookEvent.Push(new PushEvent("course", default, default))),
    ];

    private static readonly (string Name, CheckoutState State)[] Checkouts =
    [
        ("no REPODIR", new CheckoutState.NoRepoDir()),
        ("not cloned", new CheckoutState.NotCloned()),
        ("detached", new CheckoutState.Detached()),
        ("no origin", new CheckoutState.NoOrigin("master")),
        ("on master", Some.OnMaster),
    ];

    [Fact]
    public void Every_combination_of_route_event_and_checkout_has_one_reviewed_decision()
    {
        // A delivery settled without reading the disk gets one row, its checkout column "(not read)".
        var rows =
            from route in new[] { JobAction.CourseImport, JobAction.GetLatest }
            from hook in Hooks
            from checkout in Intake.Read(hook.Hook).IsLeft ? [("(not read)", Some.OnMaster)] : Checkouts
            select $"{route,-12} | {hook.Name,-24} | {checkout.Name,-10} | {Decide(route, hook.Hook, checkout.State)}";

        Snapshot.Match(rows.ToArray());
    }

    [Fact]
    public void A_push_to_the_checked_out_branch_queues_the_route_s_job_with_the_checkout_s_origin() =>
        Assert.Equal(
            new Decision.Enqueue(new JobRequest(Some.Repo(), JobAction.CourseImport, Some.OriginUrl, "master", Some.Sha), new JobTargets.AnyOne(LanguageExt.Prelude.Seq1(Some.Host))).ToString(),
            Decide(JobAction.CourseImport, new HookEvent.Push(Some.Push()), Some.OnMaster).ToString());

    [Fact]
    public void Push_to_a_branch_that_is_not_checked_out_is_ignored() =>
        Assert.IsType<Decision.BranchMismatch>(Decide(JobAction.GetLatest, new HookEvent.Push(Some.Push(gitRef: "refs/heads/devel")), Some.OnMaster));

    [Fact]
    public void Deleting_the_checked_out_branch_is_ignored_not_updated() =>
        Assert.Equal(new Decision.BranchDeleted("master"), Decide(JobAction.GetLatest, new HookEvent.Push(Some.Push(after: RefUpdate.ZeroSha)), Some.OnMaster));

    [Fact]
    public void A_hostile_name_is_a_bad_request_whatever_the_disk_says() =>
        Assert.Equal(new Decision.BadRequest("Repository name not valid"), Decide(JobAction.GetLatest, new HookEvent.Push(Some.Push(repo: "..")), Some.OnMaster));

    [Fact]
    public void A_hostile_name_is_settled_before_the_disk_is_read() =>
        Assert.True(Intake.Read(new HookEvent.Push(Some.Push(repo: "../../etc"))).IsLeft);

    [Fact]
    public void A_valid_push_needs_its_checkout_read() =>
        Assert.True(Intake.Read(new HookEvent.Push(Some.Push())).IsRight);

    [Fact]
    public void A_job_asked_for_by_hand_runs_on_the_checked_out_branch() =>
        Assert.Equal(
            new Decision.Enqueue(new JobRequest(Some.Repo(), JobAction.GetLatest, Some.OriginUrl, "master", LanguageExt.Option<string>.None), new JobTargets.Each(LanguageExt.Prelude.Seq1(Some.Host))).ToString(),
            Intake.DecideByHand(JobAction.GetLatest, Some.Repo(), FleetView.Alone(Some.Host, Some.OnMaster), LanguageExt.Option<string>.None).ToString());

    [Fact]
    public void A_job_asked_for_by_hand_meets_the_same_checkout_problems_as_a_push() =>
        Assert.Equal(new Decision.ServerProblem(CheckoutProblem.DetachedHead), Intake.DecideByHand(JobAction.GetLatest, Some.Repo(), FleetView.Alone(Some.Host, new CheckoutState.Detached()), LanguageExt.Option<string>.None));
}
