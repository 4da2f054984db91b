using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Application.Telemetry;

namespace GitReload.AspNetCore.Fleet;

/// <summary>
/// Keeps this host present in the journal: a heartbeat every <see cref="Heartbeat"/> (which also
/// renews the leases of its running jobs), and its checkouts registered on start, after every job,
/// and by a rescan of <c>REPODIR</c> every <see cref="Rescan"/> (clones added or removed by hand).
/// </summary>
public sealed partial class FleetPresence(
    IFleetRegistry fleet, ICheckoutCatalog catalog, IJobHistory history, GitReloadMetrics metrics, HostId host, TimeProvider clock, ILogger<FleetPresence> log)
    : BackgroundService
{
    /// <summary>How often the host says it is alive.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>REPODIR</c> is read again.</summary>
    public static readonly TimeSpan Rescan = TimeSpan.FromSeconds(60);

    private string? lastProblem;

    /// <summary>Registers every checkout under <c>REPODIR</c>, forgetting those gone.</summary>
    public async Task RegisterAll(CancellationToken cancellationToken)
    {
        var found = await catalog.List(cancellationToken);
        Report(await fleet.Register(host, found, complete: true, cancellationToken));
    }

    /// <summary>Registers the checkout of <paramref name="repo"/> as it is now (after a job).</summary>
    public async Task RegisterOne(RepoName repo, CancellationToken cancellationToken)
    {
        var now = await catalog.Read(repo, cancellationToken);
        Report(await fleet.Register(host, LanguageExt.Prelude.Seq1(now), complete: false, cancellationToken));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastScan = clock.GetUtcNow();
        using var timer = new PeriodicTimer(Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var seen = await fleet.Heartbeat(host, stoppingToken);
                Report(seen.Map(_ => LanguageExt.Unit.Default));
                // Retired while it ran (with 'gitreload fleet forget'): it joins again, with its checkouts.
                if (seen.Exists(registered => !registered))
                {
                    Rejoined(log, host.Value);
                    Report(await fleet.Join(host, GitReload.Application.GitReloadVersion.Text, stoppingToken));
                    await RegisterAll(stoppingToken);
                }
                foreach (var open in (await history.Open(stoppingToken)).RightToSeq())
                    metrics.QueueDepth(open.Count);
                if (clock.GetUtcNow() - lastScan >= Rescan)
                {
                    lastScan = clock.GetUtcNow();
                    await RegisterAll(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <inheritdoc />
    /// <remarks>A host that stops says so: it shows as down at once, not 30 s later.</remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Report(await fleet.Leave(host, cancellationToken));
    }

    // Logs a journal problem once, and its recovery once: not a line every five seconds.
    private void Report(LanguageExt.Either<LanguageExt.Common.Error, LanguageExt.Unit> result) => result.Match(
        Right: _ =>
        {
            if (lastProblem is null) return;
            lastProblem = null;
            Recovered(log, host.Value);
        },
        Left: error =>
        {
            if (lastProblem == error.Message) return;
            lastProblem = error.Message;
            Unreachable(log, host.Value, error.Message);
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} was retired from the fleet while it ran; it joins again with its checkouts")]
    private static partial void Rejoined(ILogger log, string host);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host {Host} cannot reach the job journal (hooks answer 503 and jobs wait until it is back): {Error}")]
    private static partial void Unreachable(ILogger log, string host, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} reaches the job journal again; jobs resume")]
    private static partial void Recovered(ILogger log, string host);
}
