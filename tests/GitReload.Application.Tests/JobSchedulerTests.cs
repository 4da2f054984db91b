using GitReload.Application.Jobs;
using GitReload.Domain.Jobs;

namespace GitReload.Application.Tests;

public class JobSchedulerTests
{
    private static readonly TimeSpan Briefly = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_second_job_of_the_same_checkout_is_handed_out_only_after_the_first_finishes()
    {
        var scheduler = new JobScheduler();
        await scheduler.Enqueue(Some.Job(action: JobAction.GetLatest), default, default);
        await scheduler.Enqueue(Some.Job(action: JobAction.CourseImport), default, default);

        var first = await scheduler.Next(default);
        var second = scheduler.Next(default).AsTask();
        await Task.Delay(Briefly);
        Assert.False(second.IsCompleted);

        scheduler.Finish(first.Id);
        Assert.Equal(JobAction.CourseImport, (await second.WaitAsync(TimeSpan.FromSeconds(5))).Request.Action);
    }

    [Fact]
    public async Task Jobs_of_different_checkouts_are_handed_out_together()
    {
        var scheduler = new JobScheduler();
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
        var scheduler = new JobScheduler();
        await scheduler.Enqueue(Some.Job("a"), default, default);
        await scheduler.Enqueue(Some.Job("b"), default, default);
        var running = await scheduler.Next(default);

        Assert.Equal(new[] { "a", "b" }, scheduler.Snapshot().Map(j => j.Request.Repo.Value).ToArray());
        scheduler.Finish(running.Id);
        Assert.Equal(new[] { "b" }, scheduler.Snapshot().Map(j => j.Request.Repo.Value).ToArray());
    }

    [Fact]
    public async Task Waiting_for_a_job_stops_when_cancelled()
    {
        using var cancel = new CancellationTokenSource(Briefly);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new JobScheduler().Next(cancel.Token));
    }
}
