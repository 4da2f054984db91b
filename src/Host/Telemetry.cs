using GitReload.Application;
using System.Diagnostics.Metrics;
using GitReload.Application.Telemetry;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GitReload.Host;

/// <summary>
/// Metrics for <c>GET /metrics</c>, and metrics and traces to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set; the exporter reads it and the other standard <c>OTEL_*</c> variables (protocol, headers) itself.
/// Everything is reported as the service <c>gitreload</c> with its version. The metrics are built
/// when first needed (<see cref="MetricsExport"/>).
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
        services.AddSingleton(_ => new MetricsExport(otlpEndpoint));
        services.Replace(ServiceDescriptor.Singleton(s => new GitReloadMetrics(s.GetRequiredService<IMeterFactory>())
        {
            Measuring = s.GetRequiredService<MetricsExport>().Start,
        }));
        if (otlpEndpoint.IsSome)
            AddOtlp(services);
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus text, as OpenTelemetry's exporter writes it; the scrape
    /// pipeline is built at the first scrape.
    /// </summary>
    public static void MapMetrics(WebApplication app)
    {
        var export = app.Services.GetRequiredService<MetricsExport>();
        var scrape = new Lazy<RequestDelegate>(() =>
        {
            var branch = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
            branch.UseOpenTelemetryPrometheusScrapingEndpoint(export.Provider, _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
            return branch.Build();
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        app.Map("/metrics", context => scrape.Value(context));
    }

    // OTLP exports from the start (a collector expects the service to report), and traces requests.
    private static void AddOtlp(IServiceCollection services)
    {
        services.AddHostedService(s => new StartMetrics(s.GetRequiredService<MetricsExport>()));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gitreload", serviceVersion: GitReloadVersion.Text))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter());
    }

    private sealed class StartMetrics(MetricsExport export) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            export.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
