using GitReload.Adapters.Git.FileSystem;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Health;

/// <summary>
/// <c>REPODIR</c> exists and can be listed. Folders in it that cannot be used (<see cref="ICheckoutCatalog.Refused"/>)
/// are named, and leave it healthy: the service works for every other checkout, and a restart would not mend them.
/// </summary>
public sealed class RepoDirHealthCheck(Adapters.Git.Checkouts.GitCheckoutSettings checkouts, ICheckoutCatalog? catalog = null) : IHealthCheck
{
    private const int NamesShown = 10;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var repoDir = checkouts.RepoDir;
        return Task.FromResult(FolderReach.Of(repoDir).Match(
            readable: _ => HealthCheckResult.Healthy($"REPODIR {repoDir} is readable{Refused()}"),
            missing: _ => HealthCheckResult.Unhealthy($"REPODIR {repoDir} does not exist"),
            notAFolder: _ => HealthCheckResult.Unhealthy($"REPODIR {repoDir} is a file, not a folder"),
            denied: d => HealthCheckResult.Unhealthy($"REPODIR {repoDir} is not readable by uid {d.User} (permission denied on it or on a folder above it)"),
            failed: f => HealthCheckResult.Unhealthy($"REPODIR {repoDir} is not readable: {f.Why}")));
    }

    private string Refused()
    {
        var refused = catalog?.Refused ?? [];
        if (refused.IsEmpty) return "";
        var names = string.Join(", ", refused.Take(NamesShown).Map(f => f.Repo.Value)) + (refused.Count > NamesShown ? $" and {refused.Count - NamesShown} more" : "");
        return $"; {refused.Count} folder(s) in it cannot be used, /dashboard says why: {names}";
    }
}

/// <summary>Every worker is running, and the service is not stopping.</summary>
public sealed class WorkersHealthCheck(WorkerPool workers, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (alive, expected) = workers.Health;
        return Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down")
            : alive == expected ? HealthCheckResult.Healthy($"{alive} of {expected} workers running")
            : HealthCheckResult.Unhealthy($"{alive} of {expected} workers running"));
    }
}

/// <summary>The job journal can commit a change.</summary>
public sealed class JournalHealthCheck(IJobJournal journal) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        (await journal.CheckWritable(cancellationToken)).Match(
            Right: _ => HealthCheckResult.Healthy("job journal is writable"),
            Left: e => HealthCheckResult.Unhealthy(e.Message));
}
