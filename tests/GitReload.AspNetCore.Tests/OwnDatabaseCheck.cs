using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Tests;

/// <summary>The app's own health check, healthy until told otherwise.</summary>
internal sealed class OwnDatabaseCheck : IHealthCheck
{
    public const string Name = "own-db";

    public volatile bool Healthy = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Healthy ? HealthCheckResult.Healthy("own database answers") : HealthCheckResult.Unhealthy("own database is down"));
}
