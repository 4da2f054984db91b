using GitReload.Application.Telemetry;
using LanguageExt;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace GitReload.Host;

/// <summary>
/// Metrics for <c>GET /metrics</c>, and metrics and traces to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set; the exporter reads it and the other standard <c>OTEL_*</c> variables (protocol, headers) itself.
/// </summary>
public static class Telemetry
{
    public static void Add(IServiceCollection services, Option<Uri> otlpEndpoint)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                // No scrape cache: a scrape right after a job must count it (the load script reads counts this way).
                metrics.AddMeter(GitReloadMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlpEndpoint.IsSome)
                    metrics.AddOtlpExporter();
            });
        if (otlpEndpoint.IsSome)
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter());
    }
}
