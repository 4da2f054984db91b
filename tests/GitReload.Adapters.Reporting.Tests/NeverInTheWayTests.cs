using System.Diagnostics;
using GitReload.Application.Jobs;
using GitReload.Domain.Jobs;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitReload.Adapters.Reporting.Tests;

public sealed class NeverInTheWayTests : IAsyncDisposable
{
    private FakeForge? forge;

    public async ValueTask DisposeAsync()
    {
        if (forge is not null) await forge.DisposeAsync();
    }

    [Fact]
    public async Task Jobs_go_through_the_queue_while_the_forge_hangs_and_keep_their_outcome()
    {
        forge = await FakeForge.Start();
        var hang = new TaskCompletionSource();
        forge.Held = hang.Task;
        var events = new ChannelJobEvents();
        var settings = Some.Settings(github: new ForgeAccess(Option<Uri>.Some(forge.Url), Some.Token));
        using var reporter = new JobReporter(events, settings, new HttpClient(), TimeProvider.System, NullLogger<JobReporter>.Instance);
        await reporter.StartAsync(default);
        using var journal = new TestJournal();
        var scheduler = new JobScheduler(journal, events, TestJournal.Host);

        async Task RunOne(int i)
        {
            await scheduler.Enqueue(Some.Job(after: $"sha{i}"), new GitReload.Domain.Fleet.JobTargets.Each(Prelude.Seq1(TestJournal.Host)), default, JobTrigger.Push, default);
            var job = await scheduler.Next(default).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True((await scheduler.Finish(job.Job, Some.Succeeded).WaitAsync(TimeSpan.FromSeconds(30))).IsRight);
        }

        // The reporter is stuck on the forge from the first job on.
        await RunOne(0);
        await WaitFor(() => !forge.Calls.IsEmpty);
        for (var i = 1; i < 20; i++)
            await RunOne(i);

        Assert.Equal(0, forge.Answered);
        Assert.Equal(20, journal.Calls.Count(c => c.EndsWith("Succeeded", StringComparison.Ordinal)));
        hang.SetResult();
        await reporter.StopAsync(default);
    }

    [Fact]
    public void Telling_a_full_channel_drops_the_event_and_returns_at_once()
    {
        var events = new ChannelJobEvents();

        var told = Enumerable.Range(0, ChannelJobEvents.Capacity + 5).Select(i => events.Tell(new JobEvent.Queued(new JobId(i), Some.Job()), default)).ToList();

        Assert.All(told, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(5, events.Dropped);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 5000; waited += 20)
            await Task.Delay(20);
        Assert.True(condition());
    }
}
