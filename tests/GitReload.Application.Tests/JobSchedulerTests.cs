using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Application.Tests;

public sealed class JobSchedulerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TestJournal journal = new();
    private readonly RecordingJobEvents events = new();

    public void Dispose() => journal.Dispose();

    private JobScheduler Scheduler() => new(journal, events, TestJournal.Host);

    private static JobOutcome Done => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1);

    private static JobTargets Here => new JobTargets.Each(Prelude.Seq1(TestJournal.Host));

    private static Task<Either<LanguageExt.Common.Error, Enqueued>> Enqueue(JobScheduler scheduler, JobRequest job) =>
        scheduler.Enqueue(job, job.Action == JobAction.CourseImport ? new JobTargets.AnyOne(Prelude.Seq1(TestJournal.Host)) : Here, default, JobTrigger.Push, default);

    [Fact]
    public async Task A_second_job_of_the_same_checkout_is_handed_out_only_after_the_first_finishes()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job(action: JobAction.GetLatest));
        await Enqueue(scheduler, Some.Job(action: JobAction.CourseImport));

        var first = await scheduler.Next(default);
        var lookedInVain = journal.NextFindsNothing();
        var second = scheduler.Next(default);
        await lookedInVain.WaitAsync(Patience);
        Assert.False(second.IsCompleted);

        await scheduler.Finish(first.Job, Done);
        Assert.Equal(JobAction.CourseImport, (await second.WaitAsync(Patience)).Request.Action);
    }

    [Fact]
    public async Task A_job_is_among_the_running_from_its_claim_until_its_end_is_recorded()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a"));

        var claimed = await scheduler.Next(default);
        Assert.Equal([claimed.Job], scheduler.Running.ToArray());

        await scheduler.Finish(claimed.Job, Done);
        Assert.Empty(scheduler.Running);
    }

    [Fact]
    public async Task A_job_the_journal_hands_out_again_while_this_host_runs_it_is_not_run_twice()
    {
        var scheduler = new JobScheduler(journal, events, TestJournal.Host) { Poll = TimeSpan.FromMilliseconds(50) };
        await Enqueue(scheduler, Some.Job("a"));
        var first = await scheduler.Next(default);
        // As when its lease ran out while this host could not reach the journal: another host put it back.
        await journal.Inner.Requeue(TestJournal.Host, first.Job, default);
        await Enqueue(scheduler, Some.Job("b"));

        var next = await scheduler.Next(default).WaitAsync(Patience);

        Assert.Equal("b", next.Request.Repo.Value);
        Assert.Equal([first.Job, next.Job], scheduler.Running.OrderBy(j => j.Value).ToArray());
        await scheduler.Finish(first.Job, Done);
        var recorded = (await journal.Find(first.Job, default)).RightToSeq().Somes().Single();
        Assert.Equal(JobStatus.Succeeded, recorded.Status);
    }

    [Fact]
    public async Task Jobs_of_different_checkouts_are_handed_out_together()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a"));
        await Enqueue(scheduler, Some.Job("b"));

        var first = await scheduler.Next(default);
        var second = await scheduler.Next(default).WaitAsync(Patience);

        Assert.Equal(["a", "b"], new[] { first, second }.Select(j => j.Request.Repo.Value));
        Assert.All(journal.OpenJobs(), j => Assert.Equal(JobStatus.Running, j.Status));
    }

    [Fact]
    public async Task The_queue_shows_waiting_and_running_jobs_oldest_first_and_forgets_finished_ones()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a"));
        await Enqueue(scheduler, Some.Job("b"));
        var running = await scheduler.Next(default);

        Assert.Equal(new[] { "a", "b" }, journal.OpenJobs().Map(j => j.Request.Repo.Value).ToArray());
        await scheduler.Finish(running.Job, Done);
        Assert.Equal(new[] { "b" }, journal.OpenJobs().Map(j => j.Request.Repo.Value).ToArray());
    }

    [Fact]
    public async Task Waiting_for_a_job_stops_when_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = journal.NextFindsNothing();
        var next = Scheduler().Next(cancel.Token);
        await waiting.WaitAsync(Patience);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Patience));
    }

    [Fact]
    public async Task Every_change_is_written_to_the_journal_in_order()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a"));
        var job = await scheduler.Next(default);
        await Enqueue(scheduler, Some.Job("a"));
        await Enqueue(scheduler, Some.Job("a", after: "newer"));
        await scheduler.Finish(job.Job, Done);

        Assert.Equal(["add 1 a GetLatest", "start 1", "add 2 a GetLatest", "merge 2 newer", "finish 1 Succeeded"], journal.Calls);
    }

    [Fact]
    public async Task A_job_the_journal_refuses_is_not_queued()
    {
        var scheduler = Scheduler();
        journal.Refuse = true;

        var enqueued = await Enqueue(scheduler, Some.Job());

        Assert.True(enqueued.IsLeft);
        Assert.Empty(journal.OpenJobs());
    }

    [Fact]
    public async Task Job_ids_come_from_the_journal_and_a_new_scheduler_hands_out_what_an_earlier_one_left()
    {
        var first = Scheduler();
        await Enqueue(first, Some.Job("a"));
        await Enqueue(first, Some.Job("b"));
        _ = await first.Next(default);
        await journal.Join(TestJournal.Host, "test", default); // a restart: what ran is queued again

        var again = Scheduler();
        var resumed = new[] { await again.Next(default), await again.Next(default).WaitAsync(Patience) };
        var added = await Enqueue(again, Some.Job("c"));

        Assert.Equal([1L, 2L], resumed.Select(j => j.Job.Value).Order());
        Assert.Equal(3L, added.Map(e => e.Id.Value).IfLeft(0));
    }

    [Fact]
    public async Task A_job_cut_off_is_queued_again_first_of_its_checkout()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a"));
        await Enqueue(scheduler, Some.Job("a", JobAction.CourseImport));
        var cut = await scheduler.Next(default);

        await scheduler.Requeue(cut.Job);

        Assert.Equal(cut.Job, (await scheduler.Next(default).WaitAsync(Patience)).Job);
        Assert.Contains("requeue 1", journal.Calls);
    }

    [Fact]
    public async Task A_checkout_with_a_backlog_takes_turns_with_the_others()
    {
        // One worker; "busy" always has a follow-up waiting, as a stream of pushes keeps it.
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("busy"));
        await Enqueue(scheduler, Some.Job("busy", JobAction.CourseImport));
        await Enqueue(scheduler, Some.Job("quiet-1"));
        await Enqueue(scheduler, Some.Job("quiet-2"));

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var job = await scheduler.Next(default).WaitAsync(Patience);
            order.Add(job.Request.Repo.Value);
            await Enqueue(scheduler, Some.Job("busy", i % 2 == 0 ? JobAction.GetLatest : JobAction.CourseImport));
            await scheduler.Finish(job.Job, Done);
        }

        Assert.Equal(["busy", "quiet-1", "quiet-2", "busy", "busy"], order);
    }

    [Fact]
    public async Task Queueing_merging_and_finishing_are_told_in_order_with_the_request_each_replaced()
    {
        var scheduler = Scheduler();
        await Enqueue(scheduler, Some.Job("a", after: "first"));
        await Enqueue(scheduler, Some.Job("a", after: "second"));
        var job = await scheduler.Next(default);
        await scheduler.Finish(job.Job, Done);

        Assert.Equal(
            ["Queued 1 first", "Merged 1 first -> second", "Finished 1 second Succeeded"],
            events.Told.Select(e => e.Match(
                queued: q => $"Queued {q.Id} {q.Request.After.IfNone("")}",
                merged: m => $"Merged {m.Id} {m.Replaced.After.IfNone("")} -> {m.Newest.After.IfNone("")}",
                finished: f => $"Finished {f.Id} {f.Request.After.IfNone("")} {f.Outcome.GetType().Name}")));
    }

    [Fact]
    public async Task A_job_the_journal_refuses_is_not_told()
    {
        var scheduler = Scheduler();
        journal.Refuse = true;

        await Enqueue(scheduler, Some.Job());

        Assert.Empty(events.Told);
    }

    [Fact]
    public async Task Requests_that_arrive_while_the_journal_writes_share_the_next_write()
    {
        journal.Hold = new TaskCompletionSource();
        var scheduler = Scheduler();

        var first = Enqueue(scheduler, Some.Job());
        await journal.OfferReached.WaitAsync(Patience);
        // Enqueue hands its offer over before it returns, so the burst waits for the held write.
        var burst = Enumerable.Range(0, 49).Select(_ => Enqueue(scheduler, Some.Job())).ToArray();
        journal.Hold.SetResult();
        var answers = await Task.WhenAll(burst.Prepend(first)).WaitAsync(Patience);

        Assert.Equal(new[] { 1, 49 }, journal.Bursts);
        Assert.All(answers, a => Assert.True(a.IsRight));
        Assert.Equal(49, Assert.Single(journal.OpenJobs()).Merged);
    }

    [Fact]
    public async Task Requests_from_many_threads_at_once_are_each_recorded_once_and_all_answered()
    {
        var scheduler = Scheduler();
        using var start = new ManualResetEventSlim();

        // Plain threads released together, so that requests race to record and to hand over.
        var answers = Enumerable.Range(0, 400)
            .Select(i => Task.Factory.StartNew(() =>
            {
                start.Wait();
                return Enqueue(scheduler, Some.Job(((char)('a' + i % 8)).ToString()));
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())
            .ToArray();
        start.Set();
        var answered = await Task.WhenAll(answers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(answered, a => Assert.True(a.IsRight));
        Assert.Equal(400, journal.Bursts.Sum());
        Assert.Equal(400, journal.OpenJobs().Sum(j => j.Merged + 1));
    }

    [Fact]
    public async Task A_follow_up_starts_only_once_pushes_stop_so_a_burst_runs_two_jobs()
    {
        var clock = new FakeTimeProvider();
        using var timed = new TestJournal(clock);
        var scheduler = new JobScheduler(timed, events, TestJournal.Host) { FollowUpQuiet = TimeSpan.FromSeconds(1), Clock = clock };
        await Enqueue(scheduler, Some.Job());
        var running = await scheduler.Next(default);
        for (var i = 0; i < 10; i++)
            await Enqueue(scheduler, Some.Job());

        await scheduler.Finish(running.Job, Done);
        var firstLook = timed.NextFindsNothing();
        var followUp = scheduler.Next(default);
        await firstLook.WaitAsync(Patience);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        await Enqueue(scheduler, Some.Job());
        var lookedInVain = timed.NextFindsNothing();
        clock.Advance(TimeSpan.FromMilliseconds(900));
        await lookedInVain.WaitAsync(Patience); // the worker looked again at 1 s and found the follow-up not yet quiet
        Assert.False(followUp.IsCompleted, "the follow-up started while pushes were still coming");

        clock.Advance(TimeSpan.FromMilliseconds(200));
        var job = await followUp.WaitAsync(Patience);
        Assert.Equal(10, Assert.Single(timed.OpenJobs(), j => j.Id == job.Job).Merged);
        Assert.Single(timed.OpenJobs());
    }

    [Fact]
    public async Task A_follow_up_starts_after_the_longest_wait_however_long_pushes_keep_coming()
    {
        var clock = new FakeTimeProvider();
        using var timed = new TestJournal(clock);
        var scheduler = new JobScheduler(timed, events, TestJournal.Host)
        {
            FollowUpQuiet = TimeSpan.FromSeconds(1), FollowUpMaxWait = TimeSpan.FromSeconds(3), Clock = clock,
        };
        await Enqueue(scheduler, Some.Job());
        var running = await scheduler.Next(default);
        await Enqueue(scheduler, Some.Job());
        await scheduler.Finish(running.Job, Done);
        var followUp = scheduler.Next(default);

        // A push every half second, so the follow-up is never quiet for a second; the clock stops at the longest wait.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Enqueue(scheduler, Some.Job());
        }
        Assert.False(followUp.IsCompleted, "the follow-up started before the longest wait");

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await followUp.WaitAsync(Patience);
        Assert.Equal(TimeSpan.FromSeconds(3), clock.GetUtcNow() - clock.Start);
    }

    [Fact]
    public async Task A_worker_waits_while_the_journal_is_away_and_takes_the_job_once_it_is_back()
    {
        var scheduler = new JobScheduler(journal, events, TestJournal.Host) { Poll = TimeSpan.FromMilliseconds(50) };
        await Enqueue(scheduler, Some.Job());
        journal.Refuse = true;
        var refused = journal.NextFindsNothing();
        var next = scheduler.Next(default);
        await refused.WaitAsync(Patience);
        Assert.False(next.IsCompleted);

        journal.Refuse = false;
        Assert.Equal(1L, (await next.WaitAsync(Patience)).Job.Value);
    }
}
