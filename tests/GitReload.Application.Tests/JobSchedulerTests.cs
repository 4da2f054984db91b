using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using GitReload.Tests.Shared;
using LanguageExt;

namespace GitReload.Application.Tests;

public class JobSchedulerTests
{
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(200);
    private readonly MemoryJournal journal = new();
    private readonly RecordingJobEvents events = new();

    private JobScheduler Scheduler() => new(journal, events);

    private static JobOutcome Done => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1);

    [Fact]
    public async Task A_second_job_of_the_same_checkout_is_handed_out_only_after_the_first_finishes()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job(action: JobAction.GetLatest), default, default);
        await scheduler.Enqueue(Some.Job(action: JobAction.CourseImport), default, default);

        var first = await scheduler.Next(default);
        var second = scheduler.Next(default).AsTask();
        await Task.Delay(Briefly);
        Assert.False(second.IsCompleted);

        await scheduler.Finish(first.Id, Done);
        Assert.Equal(JobAction.CourseImport, (await second.WaitAsync(TimeSpan.FromSeconds(5))).Request.Action);
    }

    [Fact]
    public async Task Jobs_of_different_checkouts_are_handed_out_together()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("a"), default, default);
        await scheduler.Enqueue(Some.Job("b"), default, default);

        var first = await scheduler.Next(default);
        var second = await scheduler.Next(default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["a", "b"], new[] { first, second }.Select(j => j.Request.Repo.Value));
        Assert.All(scheduler.Snapshot(), j => Assert.True(j.Running));
    }

    [Fact]
    public async Task The_queue_shows_waiting_and_running_jobs_oldest_first_and_forgets_finished_ones()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("a"), default, default);
        await scheduler.Enqueue(Some.Job("b"), default, default);
        var running = await scheduler.Next(default);

        Assert.Equal(new[] { "a", "b" }, scheduler.Snapshot().Map(j => j.Request.Repo.Value).ToArray());
        await scheduler.Finish(running.Id, Done);
        Assert.Equal(new[] { "b" }, scheduler.Snapshot().Map(j => j.Request.Repo.Value).ToArray());
    }

    [Fact]
    public async Task Waiting_for_a_job_stops_when_cancelled()
    {
        using var cancel = new CancellationTokenSource(Briefly);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Scheduler().Next(cancel.Token));
    }

    [Fact]
    public async Task Every_change_is_written_to_the_journal_in_order()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("a"), default, default);
        var job = await scheduler.Next(default);
        await scheduler.Enqueue(Some.Job("a"), default, default);
        await scheduler.Enqueue(Some.Job("a", after: "newer"), default, default);
        await scheduler.Finish(job.Id, Done);

        Assert.Equal(["add 1 a GetLatest", "start 1", "add 2 a GetLatest", "merge 2 newer", "finish 1 Succeeded"], journal.Calls);
    }

    [Fact]
    public async Task A_job_the_journal_refuses_is_not_queued()
    {
        var scheduler = Scheduler();
        journal.Refuse = true;

        var enqueued = await scheduler.Enqueue(Some.Job(), default, default);

        Assert.True(enqueued.IsLeft);
        Assert.Empty(scheduler.Snapshot());
    }

    [Fact]
    public async Task Resuming_queues_the_jobs_left_in_the_journal_and_counts_ids_on_from_the_highest()
    {
        var left = new[] { (3L, "a"), (5L, "b"), (6L, "a") }.Select(j => new BoardJob(new JobId(j.Item1), Some.Job(j.Item2), Running: true, 0)).ToSeq();
        var scheduler = new JobScheduler(new MemoryJournal { Left = left, LastId = 9 }, NoJobEvents.Instance);

        await scheduler.Resume(default);
        var first = await scheduler.Next(default);
        var second = await scheduler.Next(default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var added = await scheduler.Enqueue(Some.Job("c"), default, default);

        Assert.Equal([3L, 5L], new[] { first.Id.Value, second.Id.Value });
        Assert.Equal(10L, added.Map(e => e.Id.Value).IfLeft(0));
        Assert.Equal([false], scheduler.Snapshot().Filter(j => j.Id.Value == 6).Map(j => j.Running).ToArray());
    }

    [Fact]
    public async Task A_job_cut_off_is_queued_again_first_of_its_checkout()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("a"), default, default);
        await scheduler.Enqueue(Some.Job("a", JobAction.CourseImport), default, default);
        var cut = await scheduler.Next(default);

        await scheduler.Requeue(cut.Id);

        Assert.Equal(cut.Id, (await scheduler.Next(default).AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Id);
        Assert.Contains("requeue 1", journal.Calls);
    }

    [Fact]
    public async Task A_checkout_with_a_backlog_takes_turns_with_the_others()
    {
        // One worker; "busy" always has a follow-up waiting, as a stream of pushes keeps it.
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("busy"), default, default);
        await scheduler.Enqueue(Some.Job("busy", JobAction.CourseImport), default, default);
        await scheduler.Enqueue(Some.Job("quiet-1"), default, default);
        await scheduler.Enqueue(Some.Job("quiet-2"), default, default);

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var job = await scheduler.Next(default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            order.Add(job.Request.Repo.Value);
            await scheduler.Enqueue(Some.Job("busy", i % 2 == 0 ? JobAction.GetLatest : JobAction.CourseImport), default, default);
            await scheduler.Finish(job.Id, Done);
        }

        Assert.Equal(["busy", "quiet-1", "quiet-2", "busy", "busy"], order);
    }

    [Fact]
    public async Task Queueing_merging_and_finishing_are_told_in_order_with_the_request_each_replaced()
    {
        var scheduler = Scheduler();
        await scheduler.Enqueue(Some.Job("a", after: "first"), default, default);
        await scheduler.Enqueue(Some.Job("a", after: "second"), default, default);
        var job = await scheduler.Next(default);
        await scheduler.Finish(job.Id, Done);

        Assert.Equal(
            ["Queued 1 first", "Merged 1 first -> second", "Finished 1 second Succeeded"],
            events.Told.Select(e => e.Match(
                queued: q => $"Queued {q.Id} {q.Request.After}",
                merged: m => $"Merged {m.Id} {m.Replaced.After} -> {m.Newest.After}",
                finished: f => $"Finished {f.Id} {f.Request.After} {f.Outcome.GetType().Name}")));
    }

    [Fact]
    public async Task A_job_the_journal_refuses_is_not_told()
    {
        var scheduler = Scheduler();
        journal.Refuse = true;

        await scheduler.Enqueue(Some.Job(), default, default);

        Assert.Empty(events.Told);
    }

    [Fact]
    public async Task Requests_that_arrive_while_the_journal_writes_share_the_next_write()
    {
        var journal = new MemoryJournal { Hold = new TaskCompletionSource() };
        var scheduler = new JobScheduler(journal, NoJobEvents.Instance);

        var first = scheduler.Enqueue(Some.Job(), default, default);
        await Task.Delay(Briefly);
        var burst = Enumerable.Range(0, 49).Select(_ => scheduler.Enqueue(Some.Job(), default, default)).ToArray();
        await Task.Delay(Briefly);
        journal.Hold.SetResult();
        var answers = await Task.WhenAll(burst.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { 1, 49 }, journal.Bursts);
        Assert.All(answers, a => Assert.True(a.IsRight));
        Assert.Equal(49, Assert.Single(scheduler.Snapshot()).Merged);
    }

    [Fact]
    public async Task Requests_from_many_threads_at_once_are_each_recorded_once_and_all_answered()
    {
        var journal = new MemoryJournal();
        var scheduler = new JobScheduler(journal, NoJobEvents.Instance);
        using var start = new ManualResetEventSlim();

        // Plain threads released together, so that requests race to record and to hand over.
        var answers = Enumerable.Range(0, 400)
            .Select(i => Task.Factory.StartNew(() =>
            {
                start.Wait();
                return scheduler.Enqueue(Some.Job(((char)('a' + i % 8)).ToString()), default, default);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
        start.Set();
        var answered = await Task.WhenAll(answers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(answered, a => Assert.True(a.IsRight));
        Assert.Equal(400, journal.Bursts.Sum());
        Assert.Equal(400, scheduler.Snapshot().Sum(j => j.Merged + 1));
    }

    [Fact]
    public async Task A_follow_up_starts_only_once_pushes_stop_so_a_burst_runs_two_jobs()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var scheduler = new JobScheduler(new MemoryJournal(), NoJobEvents.Instance) { FollowUpQuiet = TimeSpan.FromSeconds(1), Clock = clock };
        await scheduler.Enqueue(Some.Job(), default, default);
        var running = await scheduler.Next(default);
        for (var i = 0; i < 10; i++)
            await scheduler.Enqueue(Some.Job(), default, default);

        await scheduler.Finish(running.Id, new JobOutcome.Succeeded(default, default, "", 1));
        var followUp = scheduler.Next(default).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await scheduler.Enqueue(Some.Job(), default, default);
        clock.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(Briefly);
        Assert.False(followUp.IsCompleted, "the follow-up started while pushes were still coming");

        clock.Advance(TimeSpan.FromMilliseconds(200));
        var job = await followUp.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(10, job.Merged);
        Assert.Single(scheduler.Snapshot());
    }

    [Fact]
    public async Task A_follow_up_starts_after_the_longest_wait_however_long_pushes_keep_coming()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var scheduler = new JobScheduler(new MemoryJournal(), NoJobEvents.Instance)
        {
            FollowUpQuiet = TimeSpan.FromSeconds(1), FollowUpMaxWait = TimeSpan.FromSeconds(3), Clock = clock,
        };
        await scheduler.Enqueue(Some.Job(), default, default);
        var running = await scheduler.Next(default);
        await scheduler.Enqueue(Some.Job(), default, default);
        await scheduler.Finish(running.Id, new JobOutcome.Succeeded(default, default, "", 1));
        var followUp = scheduler.Next(default).AsTask();

        for (var i = 0; i < 8 && !followUp.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await scheduler.Enqueue(Some.Job(), default, default);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        await followUp.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(clock.GetUtcNow() - clock.Start, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
    }
}
