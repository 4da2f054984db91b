using GitReload.Application.Hooks;
using GitReload.Application.Ports;
using GitReload.Application.Reconcile;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Reconcile;

namespace GitReload.AspNetCore.Reconcile;

/// <summary>
/// Asks the origin of every followed checkout once per <c>POLL_SECONDS</c>, each at its own moment of
/// the interval (picked at random when it is first seen, so that rounds are spread out), at most
/// <c>POLL_CONCURRENCY</c> at once. <c>REPODIR</c> is read again every interval (at most every minute)
/// for clones added or removed. An origin that cannot be asked is logged when it starts failing and
/// when it answers again, never once per round.
/// </summary>
public sealed partial class ReconcileLoop(
    ReconcileCheckout reconcile, ICheckoutCatalog catalog, ReconcileLoop.Settings settings, TimeProvider clock, ILogger<ReconcileLoop> log)
    : BackgroundService
{
    /// <summary>How often each origin is asked (zero: never), which checkouts, and how many at once.</summary>
    public sealed record Settings(TimeSpan Interval, PollMap Poll, int Concurrency)
    {
        /// <summary>True when the loop asks anything at all.</summary>
        public bool On => Interval > TimeSpan.Zero && !Poll.IsEmpty;

        /// <summary>Where in the interval a checkout first seen is first asked, as a fraction in [0, 1): at random unless a test says.</summary>
        public Func<double> Spread { get; init; } = Random.Shared.NextDouble;
    }

    private static readonly TimeSpan LongestRescan = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> nextAsk = new(StringComparer.Ordinal);
    private readonly HashSet<string> asking = new(StringComparer.Ordinal);
    private readonly HashSet<string> missingTold = new(StringComparer.Ordinal);
    private readonly HashSet<string> unreachableTold = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private SemaphoreSlim slots = null!;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.On)
            return;
        slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        var rescanEvery = settings.Interval < LongestRescan ? settings.Interval : LongestRescan;
        var nextScan = DateTimeOffset.MinValue;
        var followed = System.Array.Empty<(Domain.Hooks.RepoName Repo, Domain.Jobs.JobAction Follow)>();
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                if (now >= nextScan)
                {
                    followed = await Followed(now, stoppingToken);
                    nextScan = now + rescanEvery;
                }
                running.RemoveAll(t => t.IsCompleted);
                foreach (var (repo, follow) in followed)
                {
                    lock (gate)
                    {
                        if (nextAsk[repo.Value] > now || !asking.Add(repo.Value)) continue;
                        var next = nextAsk[repo.Value] + settings.Interval;
                        nextAsk[repo.Value] = next > now ? next : now + settings.Interval;
                    }
                    running.Add(Ask(repo, follow, stoppingToken));
                }
                DateTimeOffset wakeAt;
                lock (gate)
                    wakeAt = nextAsk.Values.Append(nextScan).Min();
                var wait = wakeAt - clock.GetUtcNow();
                var woken = Volatile.Read(ref wake).Task;
                if (wait > TimeSpan.Zero)
                    await Task.WhenAny(Task.Delay(wait, clock, stoppingToken), woken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    // The followed checkouts under REPODIR now; a new one gets its moment in the interval.
    private async Task<(Domain.Hooks.RepoName, Domain.Jobs.JobAction)[]> Followed(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = await catalog.List(cancellationToken);
        foreach (var named in settings.Poll.Named.Filter(n => !found.Exists(c => c.Repo == n)))
            if (missingTold.Add(named.Value))
                NamedButMissing(log, named.Value);
        var followed = found.Choose(c => settings.Poll.For(c.Repo).Map(follow => (c.Repo, follow))).ToArray();
        lock (gate)
        {
            foreach (var gone in nextAsk.Keys.Where(k => !followed.Any(f => f.Repo.Value == k)).ToList())
                nextAsk.Remove(gone);
            foreach (var (repo, _) in followed)
                nextAsk.TryAdd(repo.Value, now + settings.Interval * settings.Spread());
        }
        return followed;
    }

    private async Task Ask(Domain.Hooks.RepoName repo, Domain.Jobs.JobAction follow, CancellationToken cancellationToken)
    {
        try
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                Report(await reconcile.Handle(repo, follow, settings.Interval * 0.9, cancellationToken));
            }
            finally
            {
                slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failed(log, e, repo.Value);
        }
        finally
        {
            lock (gate)
                asking.Remove(repo.Value);
            Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private void Report(RoundReport report) => report.Match(
        asked: asked =>
        {
            var repo = asked.Repo.Value;
            if (asked.Decision is Reconciled.Unreachable unreachable)
            {
                bool first;
                lock (gate) first = unreachableTold.Add(repo);
                if (first)
                    Unreachable(log, repo, asked.Branch, unreachable.Error, settings.Interval.TotalSeconds);
            }
            else
            {
                bool told;
                lock (gate) told = unreachableTold.Remove(repo);
                if (told || asked.WasUnreachable)
                    Reachable(log, repo, asked.Branch);
            }
            foreach (var queued in asked.Queued)
                queued.Match(
                    answered: _ => 0,
                    queued: q => { Queued(log, repo, asked.Branch, Commit(asked.Decision), q.Job.Id.Value, q.Job.Merged ? "merged into" : "queued as"); return 0; },
                    notRecorded: n => { NotQueued(log, repo, n.Error.Message); return 0; },
                    alreadyReceived: _ => 0);
            if (asked.Decision is Reconciled.Baseline baseline)
                Baseline(log, repo, asked.Branch, Sha.Short(baseline.Commit));
            foreach (var error in asked.NotNoted)
                NotNoted(log, repo, error.Message);
            return 0;
        },
        askedElsewhere: _ => 0,
        notFollowable: _ => 0,
        journalAway: away => { JournalAway(log, away.Repo.Value, away.Error.Message); return 0; });

    private static string Commit(Reconciled decision) => decision is Reconciled.Behind b ? Sha.Short(b.Commit) : "";


    [LoggerMessage(Level = LogLevel.Warning, Message = "POLL names {Repo}, but there is no checkout of that name under REPODIR: it is not followed")]
    private static partial void NamedButMissing(ILogger log, string repo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Origin of {Repo} (branch {Branch}) cannot be asked: {Error}; nothing is queued for it until it answers (asked again every {Seconds} s, logged again when it answers)")]
    private static partial void Unreachable(ILogger log, string repo, string branch, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Origin of {Repo} (branch {Branch}) answers again")]
    private static partial void Reachable(ILogger log, string repo, string branch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Origin of {Repo} (branch {Branch}) is at {Commit}, which a checkout lacks: {How} job {JobId} (trigger poll)")]
    private static partial void Queued(ILogger log, string repo, string branch, string commit, long jobId, string how);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imports of {Repo} (branch {Branch}) are followed from origin's {Commit} on: nothing is imported until origin moves")]
    private static partial void Baseline(ILogger log, string repo, string branch, string commit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Origin of {Repo} moved, but the job could not be recorded (the next round tries again): {Error}")]
    private static partial void NotQueued(ILogger log, string repo, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "What origin of {Repo} said could not be recorded: {Error}")]
    private static partial void NotNoted(ILogger log, string repo, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Round for {Repo} skipped: the job journal cannot be reached: {Error}")]
    private static partial void JournalAway(ILogger log, string repo, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Round for {Repo} failed unexpectedly; the next round tries again")]
    private static partial void Failed(ILogger log, Exception error, string repo);
}
