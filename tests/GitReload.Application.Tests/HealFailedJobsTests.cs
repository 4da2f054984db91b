using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Reconcile;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;
using static LanguageExt.Prelude;

namespace GitReload.Application.Tests;

/// <summary>Retries queued when their wait on the ladder has passed, on the real SQLite journal and an injected clock.</summary>
public sealed class HealFailedJobsTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly TestJournal journal;
    private readonly JobScheduler scheduler;

    public HealFailedJobsTests()
    {
        journal = new TestJournal(clock);
        scheduler = new JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host) { Clock = clock };
    }

    public void Dispose() => journal.Dispose();

    private HealFailedJobs Heal() => new(journal.Inner, scheduler, HealLadder.Default, TestJournal.Host, clock);

    private async Task<JobId> FailOnce(JobTrigger trigger = JobTrigger.Push, bool transient = true)
    {
        Ok(await scheduler.Enqueue(Some.Job(), new JobTargets.Each(Seq1(TestJournal.Host)), Option<string>.None, trigger, default));
        var claimed = await scheduler.Next(default);
        Ok(await scheduler.Finish(claimed.Job, new JobOutcome.Failed(new JobFailure("origin could not be reached", "", transient), 3)));
        return claimed.Job;
    }

    [Fact]
    public async Task A_failed_update_is_queued_again_as_a_retry_once_its_wait_has_passed_and_says_when_it_falls_due()
    {
        await FailOnce();

        clock.Advance(TimeSpan.FromSeconds(59));
        var early = Ok(await Heal().Handle(default));
        clock.Advance(TimeSpan.FromSeconds(1));
        var due = Ok(await Heal().Handle(default));

        Assert.Empty(early.Queued);
        Assert.Equal(Option<DateTimeOffset>.Some(clock.GetUtcNow()), early.NextDue);
        var (_, queued) = Assert.Single(due.Queued);
        var job = Assert.Single(journal.OpenJobs());
        Assert.Equal((Assert.IsType<HookReceipt.Queued>(queued).Job.Id, JobTrigger.Retry), (job.Id, job.Trigger));
    }

    [Fact]
    public async Task Each_failed_retry_waits_longer_and_a_success_ends_the_healing()
    {
        var waits = new List<TimeSpan>();
        await FailOnce();
        var failedAt = clock.GetUtcNow();
        for (var retry = 0; retry < 3; retry++)
        {
            while (Ok(await Heal().Handle(default)).Queued.IsEmpty)
                clock.Advance(TimeSpan.FromSeconds(10));
            waits.Add(clock.GetUtcNow() - failedAt);
            var claimed = await scheduler.Next(default);
            Ok(await scheduler.Finish(claimed.Job, new JobOutcome.Failed(JobFailure.Passing("origin could not be reached"), 3)));
            failedAt = clock.GetUtcNow();
        }
        while (Ok(await Heal().Handle(default)).Queued.IsEmpty)
            clock.Advance(TimeSpan.FromSeconds(10));
        Ok(await scheduler.Finish((await scheduler.Next(default)).Job, new JobOutcome.Succeeded(None, Some("b"), "", 1)));

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)], waits);
        Assert.Empty(Ok(await journal.Inner.Pending(default)));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        await FailOnce(transient: false);
        clock.Advance(TimeSpan.FromHours(1));

        var report = Ok(await Heal().Handle(default));

        Assert.Empty(report.Queued);
        Assert.True(report.NextDue.IsNone);
    }

    private static T Ok<T>(Either<LanguageExt.Common.Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
}
