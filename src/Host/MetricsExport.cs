using GitReload.Application;
using GitReload.Application.Telemetry;
using LanguageExt;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GitReload.Host;

/// <summary>
/// GitReload's meter provider (the Prometheus exporter behind <c>/metrics</c>, and OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), built once, when it is first needed: the first
/// measurement (<see cref="GitReloadMetrics.Measuring"/>), the first scrape, or the start when OTLP
/// exports. Building it at start cost the idle host 3.5 MB and a tenth of its start (issue 16); a
/// host that has counted nothing has nothing to show but the queue depth, which is read at the scrape.
/// </summary>
public sealed class MetricsExport(Option<Uri> otlpEndpoint) : IDisposable
{
    private readonly Lazy<MeterProvider> provider = new(() => Build(otlpEndpoint), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The provider, built on the first call; concurrent first callers wait for the one build.</summary>
    public MeterProvider Provider => provider.Value;

    /// <summary>Builds the provider unless it is built already.</summary>
    public void Start() => _ = provider.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (provider.IsValueCreated)
            provider.Value.Dispose();
    }

    private static MeterProvider Build(Option<Uri> otlpEndpoint)
    {
        var metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("gitreload", serviceVersion: GitReloadVersion.Text))
            // No scrape cache: a scrape right after a job must count it (the load script reads counts this way).
            .AddMeter(GitReloadMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        foreach (var histogram in new[] { "gitreload.job.duration", "gitreload.update.step.duration" })
            metrics.AddView(histogram, new ExplicitBucketHistogramConfiguration { Boundaries = Telemetry.DurationBuckets });
        if (otlpEndpoint.IsSome)
            metrics.AddOtlpExporter();
        return metrics.Build();
    }
}
