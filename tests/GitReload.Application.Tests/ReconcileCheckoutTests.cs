using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Reconcile;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using GitReload.Tests.Shared;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Application.Tests;

/// <summary>One round for one checkout: read it, claim the round, ask origin, decide, queue and record; on the real SQLite journal.</summary>
public sealed class ReconcileCheckoutTests : IDisposable
{
    private const string Old = "1111111111111111111111111111111111111111";
    private const string New = "2222222222222222222222222222222222222222";
    private static readonly RepoName Course = (RepoName)RepoName.Parse("course");
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly TestJournal journal = new();
    private readonly FakeOrigins origins = new();
    private readonly FakeCatalog catalog = new() { Head = Old };

    public void Dispose() => journal.Dispose();

    private ReconcileCheckout Round(HostId? host = null) =>
        new(origins, journal.Inner, catalog, new JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host), host ?? TestJournal.Host);

    [Fact]
    public async Task Origin_ahead_of_the_checkout_queues_an_update_started_by_poll_for_origin_s_commit()
    {
        origins.Answer = Branches(New);

        var report = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));

        Assert.IsType<Reconciled.Behind>(report.Decision);
        var job = Assert.Single(journal.OpenJobs());
        Assert.Equal((JobTrigger.Poll, JobAction.GetLatest, New, "master"), (job.Trigger, job.Request.Action, job.Request.After.IfNone(""), job.Request.Branch));
        var seen = Assert.Single(Ok(await journal.Inner.Known(default)));
        Assert.Equal((New, false), (seen.Commit.IfNone(""), seen.Unreachable));
    }

    [Fact]
    public async Task Origin_at_the_checkout_s_head_queues_nothing()
    {
        origins.Answer = Branches(Old);

        var report = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));

        Assert.IsType<Reconciled.InSync>(report.Decision);
        Assert.Empty(journal.OpenJobs());
    }

    [Fact]
    public async Task A_poll_merges_into_the_push_job_that_waits_for_the_same_work()
    {
        var scheduler = new JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host);
        var push = Ok(await scheduler.Enqueue(Some.Job(after: Old), new JobTargets.Each(Seq1(TestJournal.Host)), "delivery-1", JobTrigger.Push, default));
        origins.Answer = Branches(New);

        var report = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));

        var queued = Assert.IsType<HookReceipt.Queued>(report.Queued.IfNone(() => throw new Xunit.Sdk.XunitException("nothing queued")));
        Assert.Equal((push.Id, true), (queued.Job.Id, queued.Job.Merged));
        var job = Assert.Single(journal.OpenJobs());
        Assert.Equal((JobTrigger.Push, 1, New), (job.Trigger, job.Merged, job.Request.After.IfNone("")));
    }

    [Fact]
    public async Task An_unreachable_origin_queues_nothing_and_is_known_as_unreachable_with_its_error()
    {
        origins.Answer = new OriginAnswer.Unreachable("git ls-remote of course failed: origin could not be reached");

        var first = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));
        var second = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));

        Assert.Empty(journal.OpenJobs());
        Assert.Equal((false, true), (first.WasUnreachable, second.WasUnreachable));
        var seen = Assert.Single(Ok(await journal.Inner.Known(default)));
        Assert.Equal("git ls-remote of course failed: origin could not be reached", seen.Error.IfNone(""));
    }

    [Fact]
    public async Task A_round_another_host_claimed_is_left_to_it_and_origin_is_not_asked()
    {
        var other = HostId.Parse("host-b").Match(h => h, e => throw new InvalidOperationException(e.Message));
        Ok(await journal.Join(other, "test", default));
        origins.Answer = Branches(New);
        await Round(other).Handle(Course, JobAction.GetLatest, Lease, default);
        origins.Asked = 0;

        Assert.IsType<RoundReport.AskedElsewhere>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));
        Assert.Equal(0, origins.Asked);
    }

    [Fact]
    public async Task A_checkout_on_a_detached_head_is_not_followed()
    {
        catalog.State = new CheckoutState.Detached();

        Assert.IsType<RoundReport.NotFollowable>(await Round().Handle(Course, JobAction.GetLatest, Lease, default));
        Assert.Equal(0, origins.Asked);
    }

    [Fact]
    public async Task Following_imports_records_a_baseline_first_and_imports_only_once_origin_moves()
    {
        origins.Answer = Branches(Old);
        var first = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.CourseImport, Lease, default));
        origins.Answer = Branches(New);
        var second = Assert.IsType<RoundReport.Asked>(await Round().Handle(Course, JobAction.CourseImport, Lease, default));

        Assert.IsType<Reconciled.Baseline>(first.Decision);
        Assert.IsType<Reconciled.Behind>(second.Decision);
        var job = Assert.Single(journal.OpenJobs());
        Assert.Equal((JobAction.CourseImport, New, JobTrigger.Poll), (job.Request.Action, job.Request.After.IfNone(""), job.Trigger));
    }

    private static OriginAnswer Branches(string master) => new OriginAnswer.Branches(Map(("master", master)));

    private static T Ok<T>(Either<LanguageExt.Common.Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    private sealed class FakeOrigins : IOrigins
    {
        public OriginAnswer Answer { get; set; } = new OriginAnswer.Unreachable("not set");
        public int Asked { get; set; }

        public Task<OriginAnswer> Ask(RepoName repo, CancellationToken cancellationToken)
        {
            Asked++;
            return Task.FromResult(Answer);
        }
    }

    private sealed class FakeCatalog : ICheckoutCatalog
    {
        public CheckoutState State { get; set; } = Some.OnMaster;
        public string Head { get; set; } = "";

        public Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken) =>
            Task.FromResult(new RegisteredCheckout(repo, State, Optional(Head)));
    }
}
