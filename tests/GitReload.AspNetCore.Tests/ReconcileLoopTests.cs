using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Origins;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Reconcile;
using GitReload.Domain.Hooks;
using GitReload.Domain.Reconcile;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.AspNetCore.Tests;

/// <summary>
/// The reconcile loop asks at most <c>POLL_CONCURRENCY</c> origins at once: the whole service over
/// real clones, real origins asked with libgit2's remote listing (held at a gate the test opens one
/// ask at a time), and an injected clock that brings every checkout's moment at once.
/// </summary>
public sealed class ReconcileLoopTests : IAsyncLifetime
{
    private const int Checkouts = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private readonly TempGit git = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly LogRecorder logs = new();
    private Gated origins = null!;
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Checkouts; i++)
            git.Clone($"course-{i}");
        origins = new Gated(new LibGit2OriginListing(new GitCheckoutSettings(git.RepoDir)), clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGitReload(options =>
        {
            options.RepoDir = git.RepoDir;
            options.StateDir = Path.Combine(git.Root, "state");
            options.PollSeconds = Interval.TotalSeconds;
            options.Poll = new() { ["*"] = "update" };
            options.PollConcurrency = 2;
        });
        builder.Services.AddSingleton<IOrigins>(origins);
        // Each checkout's first moment at the middle of its own sixth of the interval, in the order they are listed.
        var listed = 0;
        builder.Services.AddSingleton(new ReconcileLoop.Settings(Interval, PollMap.Parse(new Dictionary<string, string?> { ["*"] = "update" }).Match(map => map, _ => throw new InvalidOperationException()), 2)
        {
            Spread = () => (Interlocked.Increment(ref listed) - 0.5) / Checkouts,
        });
        app = builder.Build();
        app.MapGitReload();
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        origins.Gate.Release(Checkouts * 2);
        await app.StopAsync();
        await app.DisposeAsync();
        git.Dispose();
    }

    [Fact]
    public async Task No_more_origins_than_POLL_CONCURRENCY_are_asked_at_once_even_when_all_fall_due_together()
    {
        // The loop gives each checkout its moment when it first lists REPODIR, which may come after the start:
        // time moves on until the first moment comes, then by a whole interval, and every checkout is due.
        await Until(async () =>
        {
            await Advance(TimeSpan.FromSeconds(1));
            return origins.Entered >= 1;
        });
        await Advance(Interval);
        await Until(() => Task.FromResult(origins.Entered >= 2));

        for (var released = 1; released <= Checkouts; released++)
        {
            origins.Gate.Release();
            var expected = Math.Min(Checkouts, released + 2);
            await Until(() => Task.FromResult(origins.Entered >= expected));
        }
        var ledger = app.Services.GetRequiredService<IOriginLedger>();
        await Until(async () => (await ledger.Known(default)).Match(k => k.Count, _ => 0) == Checkouts);

        Assert.Equal(2, origins.Max);
    }

    [Fact]
    public async Task Each_checkout_is_first_asked_at_its_own_moment_of_the_interval_not_all_at_the_start()
    {
        origins.Gate.Release(Checkouts);
        var start = clock.GetUtcNow();

        // A second each step; a busy loop may lag behind the clock, and later rounds' asks only come later still.
        await Until(async () =>
        {
            await Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
            return origins.Entered >= Checkouts;
        });

        // The k-th ask comes no sooner than the k-th moment: 5 s, 15 s, ... 55 s after the loop first listed REPODIR.
        var asked = origins.AskedAt.Order().Take(Checkouts).Select(t => t - start).ToArray();
        var moments = Enumerable.Range(0, Checkouts).Select(k => Interval * ((k + 0.5) / Checkouts)).ToArray();
        Assert.All(asked.Zip(moments, (at, moment) => (At: at, Moment: moment)), ask => Assert.True(ask.At >= ask.Moment, $"asked at {ask.At}, before its moment {ask.Moment}"));
    }

    // The fake clock runs due timers' callbacks on the caller: off the test's thread, and bounded, so a
    // callback that blocks fails the test instead of hanging the run.
    private Task Advance(TimeSpan by) => Task.Run(() => clock.Advance(by)).WaitAsync(Patience);

    private async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not reached within {Patience} (entered {origins.Entered}): " + string.Join("\n", logs.Lines));
            await Task.Delay(20);
        }
    }

    // The real listing, each ask held until the test lets one through; counts the asks in flight.
    private sealed class Gated(IOrigins inner, TimeProvider clock) : IOrigins
    {
        private readonly Lock gate = new();
        private readonly List<DateTimeOffset> askedAt = [];
        private int inFlight;
        private int max;
        private int entered;

        public SemaphoreSlim Gate { get; } = new(0);

        public int Max
        {
            get { lock (gate) return max; }
        }

        public int Entered
        {
            get { lock (gate) return entered; }
        }

        /// <summary>The clock's time at each ask.</summary>
        public DateTimeOffset[] AskedAt
        {
            get { lock (gate) return [.. askedAt]; }
        }

        public async Task<OriginAnswer> Ask(RepoName repo, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                entered++;
                askedAt.Add(clock.GetUtcNow());
                max = Math.Max(max, ++inFlight);
            }
            try
            {
                await Gate.WaitAsync(cancellationToken);
                return await inner.Ask(repo, cancellationToken);
            }
            finally
            {
                lock (gate) inFlight--;
            }
        }
    }
}
