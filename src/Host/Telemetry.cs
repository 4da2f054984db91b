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
                metrics.AddMeter(GitReloadMetrics.MeterName).AddPrometheusExporter();
                if (otlpEndpoint.IsSome)
                    metrics.AddOtlpExporter();
            });
        if (otlpEndpoint.IsSome)
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter());
    }
}
