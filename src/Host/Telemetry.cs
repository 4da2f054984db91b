using GitReload.Application;
using GitReload.Application.Telemetry;
using LanguageExt;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GitReload.Host;

/// <summary>
/// Metrics for <c>GET /metrics</c>, and metrics and traces to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set; the exporter reads it and the other standard <c>OTEL_*</c> variables (protocol, headers) itself.
/// Everything is reported as the service <c>gitreload</c> with its version.
/// </summary>
public static class Telemetry
{
    /// <summary>
    /// Bucket bounds in seconds for job and update-step durations: a fetch of nothing new takes
    /// milliseconds, an import can take up to its hour-long limit. The default bounds (0 to 10,000,
    /// made for milliseconds) put every job below 5.
    /// </summary>
    public static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    public static void Add(IServiceCollection services, Option<Uri> otlpEndpoint)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gitreload", serviceVersion: GitReloadVersion.Text))
            .WithMetrics(metrics =>
            {
                // No scrape cache: a scrape right after a job must count it (the load script reads counts this way).
                metrics.AddMeter(GitReloadMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                foreach (var histogram in new[] { "gitreload.job.duration", "gitreload.update.step.duration" })
                    metrics.AddView(histogram, new ExplicitBucketHistogramConfiguration { Boundaries = DurationBuckets });
                if (otlpEndpoint.IsSome)
                    metrics.AddOtlpExporter();
            });
        if (otlpEndpoint.IsSome)
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter());
    }
}
