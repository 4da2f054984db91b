using GitReload.Tests.Shared;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Application.Tests;

public sealed class ReceiveHookTests : IDisposable
{
    private readonly TestJournal journal = new();
    private readonly JobScheduler queue;

    public ReceiveHookTests() => queue = new JobScheduler(journal, GitReload.Application.Ports.NoJobEvents.Instance, TestJournal.Host);

    public void Dispose() => journal.Dispose();

    private ReceiveHook Receiver(FakeCheckouts checkouts) => new(checkouts, journal, queue, journal, TestJournal.Host);

    [Fact]
    public async Task A_push_to_the_checked_out_branch_is_queued_with_the_checkout_s_origin()
    {
        var receipt = await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.CourseImport, Some.Delivered(Some.Push()), default);

        var queued = Assert.IsType<HookReceipt.Queued>(receipt);
        Assert.Equal((JobAction.CourseImport, false, 1), (queued.Job.Action, queued.Job.Merged, queued.Job.QueueSize));
        Assert.Equal(Some.OriginUrl, Assert.Single(journal.OpenJobs()).Request.RepoUrl);
    }

    [Fact]
    public async Task A_second_push_before_the_job_starts_is_merged_into_it()
    {
        var receiver = Receiver(new FakeCheckouts(Some.OnMaster));
        var first = (HookReceipt.Queued)await receiver.Handle(JobAction.GetLatest, Some.Delivered(Some.Push()), default);
        var second = (HookReceipt.Queued)await receiver.Handle(JobAction.GetLatest, Some.Delivered(Some.Push()), default);

        Assert.True(second.Job.Merged);
        Assert.Equal(first.Job.Id, second.Job.Id);
        Assert.Equal(1, second.Job.QueueSize);
    }

    [Fact]
    public async Task A_hostile_repository_name_never_reaches_the_disk()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster);
        var receipt = await Receiver(checkouts).Handle(JobAction.GetLatest, Some.Delivered(Some.Push(repo: "../etc")), default);

        Assert.Equal(new HookReceipt.Answered(new Decision.BadRequest("Repository name not valid")), receipt);
        Assert.Empty(checkouts.Inspected);
        Assert.Empty(journal.OpenJobs());
    }

    [Theory]
    [InlineData("../etc", "Repository name not valid")]
    [InlineData("", "Repository name not valid")]
    public async Task A_delivery_that_can_never_be_queued_is_answered_so_while_the_journal_is_away_not_asked_to_be_redelivered(string repo, string reason)
    {
        journal.Refuse = true;

        var receipt = await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.GetLatest, Some.Delivered(Some.Push(repo: repo), "d-hostile"), default);

        Assert.Equal(new HookReceipt.Answered(new Decision.BadRequest(reason)), receipt);
    }

    [Fact]
    public async Task A_ping_with_a_delivery_id_is_answered_while_the_journal_is_away()
    {
        journal.Refuse = true;

        var receipt = await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.GetLatest, Some.Delivered(new HookEvent.Ping(), "d-ping"), default);

        Assert.Equal(new HookReceipt.Answered(new Decision.Pong()), receipt);
    }

    [Fact]
    public async Task A_ping_is_answered_without_looking_at_any_checkout()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster);
        var receipt = await Receiver(checkouts).Handle(JobAction.GetLatest, Some.Delivered(new HookEvent.Ping()), default);

        Assert.Equal(new HookReceipt.Answered(new Decision.Pong()), receipt);
        Assert.Empty(checkouts.Inspected);
    }

    [Fact]
    public async Task A_push_to_another_branch_queues_nothing()
    {
        var checkouts = new FakeCheckouts(Some.OnMaster);
        var receipt = await Receiver(checkouts).Handle(JobAction.GetLatest, Some.Delivered(Some.Push(gitRef: "refs/heads/devel")), default);

        Assert.IsType<Decision.BranchMismatch>(Assert.IsType<HookReceipt.Answered>(receipt).Decision);
        Assert.Equal(["course"], checkouts.Inspected);
        Assert.Empty(journal.OpenJobs());
    }

    [Fact]
    public async Task A_redelivery_of_an_accepted_delivery_queues_nothing()
    {
        var receiver = Receiver(new FakeCheckouts(Some.OnMaster));
        var first = (HookReceipt.Queued)await receiver.Handle(JobAction.GetLatest, Some.Delivered(Some.Push(), "d-1"), default);
        await queue.Finish((await queue.Next(default)).Job, new JobOutcome.Succeeded(LanguageExt.Option<string>.None, LanguageExt.Option<string>.None, "", 1));

        var again = await receiver.Handle(JobAction.GetLatest, Some.Delivered(Some.Push(), "d-1"), default);

        Assert.Equal(new HookReceipt.AlreadyReceived(first.Job.Id), again);
        Assert.Empty(journal.OpenJobs());
    }

    [Fact]
    public async Task A_rejected_delivery_is_not_remembered_so_its_redelivery_is_handled_afresh()
    {
        var checkouts = new FakeCheckouts(new GitReload.Domain.Checkouts.CheckoutState.NotCloned());
        await Receiver(checkouts).Handle(JobAction.GetLatest, Some.Delivered(Some.Push(), "d-2"), default);

        var again = await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.GetLatest, Some.Delivered(Some.Push(), "d-2"), default);

        Assert.IsType<HookReceipt.Queued>(again);
    }

    [Fact]
    public async Task A_queued_push_carries_the_forge_and_full_name_of_its_delivery()
    {
        var push = new HookEvent.Push(PushEvent.Single("course", "refs/heads/master", Some.Sha, false, "mitodl/course"));

        await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.CourseImport, new Delivery(Forge.Gitea, default, push), default);

        Assert.Equal(new ForgeRepo(Forge.Gitea, "mitodl/course"), Assert.Single(journal.OpenJobs()).Request.Source);
    }

    [Fact]
    public async Task A_queued_push_whose_delivery_names_no_repository_has_no_source()
    {
        await Receiver(new FakeCheckouts(Some.OnMaster)).Handle(JobAction.CourseImport, Some.Delivered(Some.Push()), default);

        Assert.True(Assert.Single(journal.OpenJobs()).Request.Source.IsNone);
    }
}
