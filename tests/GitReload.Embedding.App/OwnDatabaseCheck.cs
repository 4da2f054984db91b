using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.Embedding.App;

/// <summary>The app's own health check: unhealthy when <c>App:OwnDatabaseDown</c> is true.</summary>
internal sealed class OwnDatabaseCheck(IConfiguration configuration) : IHealthCheck
{
    public const string Name = "own-db";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(configuration.GetValue<bool>("App:OwnDatabaseDown")
            ? HealthCheckResult.Unhealthy("own database is down")
            : HealthCheckResult.Healthy("own database answers"));
}
