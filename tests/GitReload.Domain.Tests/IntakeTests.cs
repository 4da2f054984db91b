using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Snapshooter.Xunit;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

public class IntakeTests
{
    private static Decision Decide(JobAction route, HookEvent hook, CheckoutState checkout) =>
        Intake.Read(hook).Match(push => Intake.Decide(route, push, FleetView.Alone(Some.Host, checkout)), decision => decision);

    private static HookEvent PushOf(params (string Ref, string After, bool Deleted)[] updates) =>
        new HookEvent.Push(new PushEvent("course", updates.Select(u => new RefUpdate(u.Ref, u.After, u.Deleted)).ToSeq().Strict(), default));

    private static readonly HookEvent Master = new HookEvent.Push(Some.Push());
    private static readonly HookEvent Devel = new HookEvent.Push(Some.Push(gitRef: "refs/heads/devel"));
    private static readonly HookEvent DeleteMaster = new HookEvent.Push(Some.Push(after: RefUpdate.ZeroSha, deleted: true));
    private static readonly CheckoutState OnDevel = new CheckoutState.OnBranch("devel", Some.OriginUrl);

    private const JobAction Import = JobAction.CourseImport;
    private const JobAction Update = JobAction.GetLatest;

    // One row per rule, grouped by the decision it leads to; a delivery settled without reading the
    // disk shows its checkout as "(not read)", and its route as "either" (the route cannot change it).
    private static readonly (string Rule, Option<JobAction> Route, string Hook, HookEvent Event, string Checkout, CheckoutState State)[] Rows =
    [
        // Queued: the first pushed branch that the checkout has checked out; an import on any one host, an update on each.
        ("branch checked out: import", Import, "push master", Master, "on master", Some.OnMaster),
        ("branch checked out: update", Update, "push master", Master, "on master", Some.OnMaster),
        ("any branch name: import", Import, "push devel", Devel, "on devel", OnDevel),
        ("any branch name: update", Update, "push devel", Devel, "on devel", OnDevel),
        ("first checked-out branch wins", Update, "push devel+master", PushOf(("refs/heads/devel", Some.Sha, false), ("refs/heads/master", "1234", false)), "on master", Some.OnMaster),
        ("first checked-out branch wins", Import, "push devel+master", PushOf(("refs/heads/devel", Some.Sha, false), ("refs/heads/master", "1234", false)), "on devel", OnDevel),
        ("a tag beside the branch", Update, "push devel+tag", PushOf(("refs/heads/devel", Some.Sha, false), ("refs/tags/v2", Some.Sha, false)), "on devel", OnDevel),
        ("a tag named as the branch", Update, "push tag master+master", PushOf(("refs/tags/master", "1234", false), ("refs/heads/master", Some.Sha, false)), "on master", Some.OnMaster),
        ("deleted elsewhere, pushed here", Import, "delete devel+push master", PushOf(("refs/heads/devel", RefUpdate.ZeroSha, true), ("refs/heads/master", Some.Sha, false)), "on master", Some.OnMaster),

        // Ignored (200): nothing pushed to the checked-out branch.
        ("another branch", Update, "push devel", Devel, "on master", Some.OnMaster),
        ("another branch", Import, "push master", Master, "on devel", OnDevel),
        ("a tag is no branch", Update, "push tag master", new HookEvent.Push(Some.Push(gitRef: "refs/tags/master")), "on master", Some.OnMaster),
        ("another branch deleted", Update, "delete devel", new HookEvent.Push(Some.Push(gitRef: "refs/heads/devel", deleted: true)), "on master", Some.OnMaster),
        ("a tag deleted", Update, "delete tag", new HookEvent.Push(Some.Push(gitRef: "refs/tags/v1", after: RefUpdate.ZeroSha, deleted: true)), "on master", Some.OnMaster),
        ("every ref listed", Update, "push devel+tag", PushOf(("refs/heads/devel", Some.Sha, false), ("refs/tags/v2", Some.Sha, false)), "on master", Some.OnMaster),
        ("no refs at all", Update, "push no refs", new HookEvent.Push(new PushEvent("course", default, default)), "on master", Some.OnMaster),

        // Deleted (200): the checked-out branch was deleted; nothing is updated.
        ("deleted flag", Update, "delete master (deleted)", DeleteMaster, "on master", Some.OnMaster),
        ("zero sha, no flag", Update, "delete master (zeros)", new HookEvent.Push(Some.Push(after: RefUpdate.ZeroSha)), "on master", Some.OnMaster),
        ("deleted, for an import too", Import, "delete master (deleted)", DeleteMaster, "on master", Some.OnMaster),
        ("deleted before pushed elsewhere", Update, "delete master+push devel", PushOf(("refs/heads/master", RefUpdate.ZeroSha, true), ("refs/heads/devel", Some.Sha, false)), "on master", Some.OnMaster),

        // Not valid (400): settled before the disk is read.
        ("body not JSON", None, "unreadable body", new HookEvent.Malformed("Body is not valid JSON"), "(not read)", Some.OnMaster),
        ("name climbs out", None, "push repo ../x", new HookEvent.Push(Some.Push(repo: "../x")), "(not read)", Some.OnMaster),
        ("name has a separator", None, "push repo a/b", new HookEvent.Push(Some.Push(repo: "a/b")), "(not read)", Some.OnMaster),
        ("name empty", None, "push repo ''", new HookEvent.Push(Some.Push(repo: "")), "(not read)", Some.OnMaster),
        ("name has a control char", None, "push repo ctrl", new HookEvent.Push(Some.Push(repo: "a\u0007")), "(not read)", Some.OnMaster),

        // Not a push: answered without reading the disk.
        ("ping", None, "ping", new HookEvent.Ping(), "(not read)", Some.OnMaster),
        ("another event", None, "event issues", new HookEvent.Unhandled("issues"), "(not read)", Some.OnMaster),
        ("no event header", None, "no event header", new HookEvent.Unhandled(""), "(not read)", Some.OnMaster),

        // Server problem (500): no checkout on any branch; the checkout's problem, whatever was pushed.
        ("no REPODIR", Update, "push master", Master, "no REPODIR", new CheckoutState.NoRepoDir()),
        ("not cloned", Import, "push master", Master, "not cloned", new CheckoutState.NotCloned()),
        ("detached HEAD", Update, "push master", Master, "detached", new CheckoutState.Detached()),
        ("no origin", Update, "push master", Master, "no origin", new CheckoutState.NoOrigin("master")),
        ("problem before mismatch", Update, "push devel", Devel, "detached", new CheckoutState.Detached()),
        ("problem before deletion", Import, "delete master (deleted)", DeleteMaster, "no origin", new CheckoutState.NoOrigin("master")),
    ];

    [Fact]
    public void Every_combination_of_route_event_and_checkout_has_one_reviewed_decision()
    {
        var rows = Rows.Select(r =>
        {
            // Every row's checkout column says whether the disk is read: the table cannot claim otherwise.
            Assert.Equal(r.Checkout == "(not read)", Intake.Read(r.Event).IsLeft);
            var decision = r.Route.Match(route => Decide(route, r.Event, r.State), () => Intake.Read(r.Event).Match(_ => throw new InvalidOperationException(r.Rule), d => d));
            return $"{r.Rule,-31} | {r.Route.Map(a => a.ToString()).IfNone("either"),-12} | {r.Hook,-24} | {r.Checkout,-10} | {decision}";
        });

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
