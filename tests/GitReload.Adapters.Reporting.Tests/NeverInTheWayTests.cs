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
    public async Task Jobs_go_through_the_queue_at_full_speed_while_the_forge_hangs_and_keep_their_outcome()
    {
        forge = await FakeForge.Start();
        forge.Delay = TimeSpan.FromSeconds(30);
        var events = new ChannelJobEvents();
        var settings = Some.Settings(github: new ForgeAccess(Option<Uri>.Some(forge.Url), Some.Token)) with { CallTimeout = TimeSpan.FromSeconds(20) };
        using var reporter = new JobReporter(events, settings, new HttpClient(), TimeProvider.System, NullLogger<JobReporter>.Instance);
        await reporter.StartAsync(default);
        using var journal = new TestJournal();
        var scheduler = new JobScheduler(journal, events, TestJournal.Host);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await scheduler.Enqueue(Some.Job(after: $"sha{i}"), new GitReload.Domain.Fleet.JobTargets.Each(Prelude.Seq1(TestJournal.Host)), default, JobTrigger.Push, default);
            var job = await scheduler.Next(default).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True((await scheduler.Finish(job.Job, Some.Succeeded)).IsRight);
        }

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(20, journal.Calls.Count(c => c.EndsWith("Succeeded", StringComparison.Ordinal)));
        await WaitFor(() => forge.Calls.Count >= 1);
        await reporter.StopAsync(default);
    }

    [Fact]
    public async Task Telling_a_full_channel_drops_the_event_and_returns_at_once()
    {
        var events = new ChannelJobEvents();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < ChannelJobEvents.Capacity + 5; i++)
            await events.Tell(new JobEvent.Queued(new JobId(i), Some.Job()), default);

        Assert.Equal(5, events.Dropped);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 5000; waited += 20)
            await Task.Delay(20);
        Assert.True(condition());
    }
}
