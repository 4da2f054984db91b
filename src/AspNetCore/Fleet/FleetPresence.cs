using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Application.Telemetry;

namespace GitReload.AspNetCore.Fleet;

/// <summary>
/// Keeps this host present in the journal: a heartbeat every <see cref="Heartbeat"/> (which also
/// renews the leases of its running jobs), and its checkouts registered on start, after every job,
/// and by a rescan of <c>REPODIR</c> every <see cref="Rescan"/> (clones added or removed by hand).
/// The start registers every checkout (and forgets those gone meanwhile); a host alone does it once
/// the server listens (<see cref="RegisterInBackground"/>), and what reads this host's checkouts from
/// the journal waits for it (<see cref="Registered"/>). After it, only what
/// changed since the last registration is written, so a rescan of thousands of unchanged
/// checkouts writes nothing. What it keeps is the last registration, one entry per checkout.
/// </summary>
public sealed partial class FleetPresence(
    IFleetRegistry fleet, ICheckoutCatalog catalog, IJobHistory history, GitReload.Application.Jobs.JobScheduler jobs, GitReloadMetrics metrics, HostId host, TimeProvider clock, ILogger<FleetPresence> log)
    : BackgroundService
{
    /// <summary>How often the host says it is alive.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>REPODIR</c> is read again.</summary>
    public static readonly TimeSpan Rescan = TimeSpan.FromSeconds(60);

    // The journal's problem last logged, until it is gone.
    private LanguageExt.Option<LanguageExt.Common.Error> lastProblem;

    // Set when the journal could not be reached: its server may have lost what was written last, so the next heartbeat that gets through registers every checkout again.
    private bool journalWasAway;

    // What the journal holds for this host, as last written; trusted once a full registration has succeeded.
    private readonly Dictionary<RepoName, RegisteredCheckout> registered = [];
    private bool registeredInFull;
    private DateTimeOffset lastScan = clock.GetUtcNow();
    private readonly SemaphoreSlim registering = new(1, 1);
    private readonly TaskCompletionSource firstRegistration = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task startRegistration = Task.CompletedTask;

    /// <summary>
    /// Done once every checkout has been registered for the first time (or the attempt failed and was
    /// logged, as a start would go on then): the dashboard, the hosts' list and the workers' first
    /// claim wait for it. Hooks do not: they read this host's checkout from disk.
    /// </summary>
    public Task Registered => firstRegistration.Task;

    /// <summary>
    /// Registers every checkout without holding up the caller: the start calls it once the server
    /// listens, so reading thousands of checkouts does not delay the first answer.
    /// </summary>
    public void RegisterInBackground() => startRegistration = Task.Run(async () =>
    {
        try
        {
            await RegisterAll(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before the checkouts were read.
        }
        catch (Exception e)
        {
            NotRegistered(log, host.Value, e);
        }
    }, CancellationToken.None);

    /// <summary>Registers every checkout under <c>REPODIR</c> that changed since the last registration, forgetting those gone.</summary>
    public Task RegisterAll(CancellationToken cancellationToken) => RegisterAll(fromScratch: false, cancellationToken);

    private async Task RegisterAll(bool fromScratch, CancellationToken cancellationToken)
    {
        await registering.WaitAsync(cancellationToken);
        try
        {
            if (fromScratch) registeredInFull = false;
            var found = await catalog.List(cancellationToken);
            if (!registeredInFull)
            {
                var all = await fleet.Register(host, found, complete: true, cancellationToken);
                foreach (var _ in all.RightToSeq())
                {
                    registered.Clear();
                    foreach (var checkout in found) registered[checkout.Repo] = checkout;
                    registeredInFull = true;
                }
                Report(all);
                return;
            }
            var listed = new HashSet<RepoName>(found.Map(c => c.Repo));
            var changes = found.Filter(c => !registered.TryGetValue(c.Repo, out var was) || !Same(was, c))
                .Concat(registered.Keys.Where(r => !listed.Contains(r)).Select(r => new RegisteredCheckout(r, new CheckoutState.NotCloned(), LanguageExt.Option<string>.None)))
                .ToArray().ToSeq();
            if (!changes.IsEmpty)
            {
                var written = await fleet.Register(host, changes, complete: false, cancellationToken);
                Report(written);
                if (written.IsLeft) return;
                Remember(changes);
            }
            // One statement says the others are still as registered (their seen_at), without writing each.
            Report(await fleet.Register(host, LanguageExt.Seq<RegisteredCheckout>.Empty, complete: false, cancellationToken));
        }
        finally
        {
            registering.Release();
            firstRegistration.TrySetResult();
        }
    }

    /// <summary>Registers the checkout of <paramref name="repo"/> as it is now (after a job).</summary>
    public async Task RegisterOne(RepoName repo, CancellationToken cancellationToken)
    {
        await registering.WaitAsync(cancellationToken);
        try
        {
            var now = LanguageExt.Prelude.Seq1(await catalog.Read(repo, cancellationToken));
            var written = await fleet.Register(host, now, complete: false, cancellationToken);
            if (written.IsRight) Remember(now);
            Report(written);
        }
        finally
        {
            registering.Release();
        }
    }

    private void Remember(LanguageExt.Seq<RegisteredCheckout> written)
    {
        if (!registeredInFull) return;
        foreach (var checkout in written)
        {
            if (checkout.State is CheckoutState.NotCloned or CheckoutState.NoRepoDir) registered.Remove(checkout.Repo);
            else registered[checkout.Repo] = checkout;
        }
    }

    // Compared field by field: LanguageExt 4's Option equality loads every type of LanguageExt.Core.
    private static bool Same(RegisteredCheckout a, RegisteredCheckout b) =>
        a.Repo == b.Repo && a.State.Equals(b.State) && a.Head.IfNoneUnsafe((string?)null) == b.Head.IfNoneUnsafe((string?)null);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await Beat(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// One heartbeat: tells the journal this host is alive; joins again, with every checkout, when it
    /// was retired while running (<c>gitreload fleet forget</c>); rescans <c>REPODIR</c> when due.
    /// </summary>
    public async Task Beat(CancellationToken cancellationToken)
    {
        var seen = await fleet.Heartbeat(host, jobs.Running, cancellationToken);
        Report(seen.Map(_ => LanguageExt.Unit.Default));
        if (seen.Exists(registered => !registered))
        {
            Rejoined(log, host.Value);
            Report(await fleet.Join(host, GitReload.Application.GitReloadVersion.Text, cancellationToken));
            // Retiring removed every checkout of the host: all of them are written again, not only the changed.
            await RegisterAll(fromScratch: true, cancellationToken);
        }
        else if (seen.IsRight && journalWasAway)
        {
            journalWasAway = false;
            await RegisterAll(fromScratch: true, cancellationToken);
        }
        // A count, not the jobs: with thousands queued, reading them all every heartbeat cost megabytes each time.
        foreach (var open in (await history.OpenCount(cancellationToken)).RightToSeq())
            metrics.QueueDepth(open);
        if (clock.GetUtcNow() - lastScan >= Rescan)
        {
            lastScan = clock.GetUtcNow();
            await RegisterAll(cancellationToken);
        }
    }

    /// <inheritdoc />
    /// <remarks>A host that stops says so: it shows as down at once, not 30 s later.</remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        try
        {
            await startRegistration.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time to stop: leaving the journal comes first.
        }
        await base.StopAsync(cancellationToken);
        Report(await fleet.Leave(host, cancellationToken));
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    // Logs a journal problem once, and its recovery once: not a line every five seconds.
    private void Report(LanguageExt.Either<LanguageExt.Common.Error, LanguageExt.Unit> result) => result.Match(
        Right: _ =>
        {
            if (lastProblem.IsNone) return;
            lastProblem = LanguageExt.Option<LanguageExt.Common.Error>.None;
            Recovered(log, host.Value);
        },
        Left: error =>
        {
            journalWasAway = true;
            if (lastProblem.Exists(last => last.Message == error.Message)) return;
            lastProblem = error;
            Unreachable(log, host.Value, error.Message);
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} was retired from the fleet while it ran; it joins again with its checkouts")]
    private static partial void Rejoined(ILogger log, string host);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host} cannot reach the job journal (hooks answer 503 and jobs wait until it is back): {Error}")]
    private static partial void Unreachable(ILogger log, string host, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host} could not register its checkouts at start (the next rescan tries again)")]
    private static partial void NotRegistered(ILogger log, string host, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} reaches the job journal again; jobs resume")]
    private static partial void Recovered(ILogger log, string host);
}
