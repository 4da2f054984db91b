using GitReload.Application.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Reconcile;

/// <summary>
/// Says how the followed origins answered when last asked. Always healthy: an origin that cannot be
/// reached is not this service's fault, and a probe that restarted it would not help; the
/// description names each one and since when.
/// </summary>
public sealed class OriginsHealthCheck(IOriginLedger origins, ReconcileLoop.Settings settings) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!settings.On)
            return HealthCheckResult.Healthy("reconcile loop off (POLL_SECONDS is 0 or POLL names no checkout)");
        return (await origins.Known(cancellationToken)).Match(
            Right: known =>
            {
                var unreachable = known.Filter(o => o.Unreachable);
                return HealthCheckResult.Healthy(unreachable.IsEmpty
                    ? $"{known.Count} origin(s) answered when last asked"
                    : $"{unreachable.Count} of {known.Count} origin(s) unreachable (not this service's fault): "
                      + string.Join("; ", unreachable.Map(o => $"{o.Repo} since {o.UnreachableSince.Map(Iso).IfNone("")}: {o.Error.IfNone("")}")));
            },
            Left: error => HealthCheckResult.Healthy($"origins not known now: {error.Message}"));
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
