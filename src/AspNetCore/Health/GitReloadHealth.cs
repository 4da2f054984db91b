using GitReload.Application.Ports;
using GitReload.AspNetCore.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Health;

/// <summary><c>REPODIR</c> exists and can be listed.</summary>
public sealed class RepoDirHealthCheck(Adapters.Git.Checkouts.GitCheckoutSettings checkouts) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(checkouts.RepoDir).FirstOrDefault();
            return Task.FromResult(HealthCheckResult.Healthy($"REPODIR {checkouts.RepoDir} is readable"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"REPODIR {checkouts.RepoDir} is not readable: {e.Message}"));
        }
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
