using GitReload.AspNetCore;
using GitReload.Host.Configuration;
using GitReload.Host.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace GitReload.Host;

/// <summary>
/// The composition root of the gitreload command: GitReload itself comes from
/// <see cref="GitReloadServices.AddGitReload(IServiceCollection, AspNetCore.Configuration.GitReloadConfig)"/> and
/// <see cref="GitReloadEndpoints.MapGitReload"/>, as for any embedding service (reporting included);
/// what is added here is the host's own: listening, Kestrel limits, logging, systemd, metrics export, OpenAPI.
/// </summary>
public static class GitReloadApp
{
    public static WebApplication Build(GitReloadSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(ListenHost.Url(settings.Host, settings.Port));
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Where to listen is --host and --port alone: Kestrel's own "Kestrel" section (Kestrel__Endpoints__…
            // in the environment) would override them, past the check that --host is an address.
            k.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            // A slow client must not hold a connection: GitHub itself gives up after 10 s.
            k.Limits.MaxRequestBodySize = settings.Core.MaxPayloadBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
            // Kestrel starts the header timeout at a request's first byte; before it, the keep-alive timeout
            // applies, so this is also how long a connection that sends nothing at all is kept.
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(LogSetup.Create(settings), dispose: true);
        builder.Host.UseSystemd();

        builder.Services.AddGitReload(settings.Core);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ObjectJson.Default));
        builder.Services.AddSingleton<ResumedJobs>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ResumedJobs>());
        Telemetry.Add(builder.Services, settings.OtlpEndpoint);

        var app = builder.Build();
        app.MapGitReload();
        OpenApiDocuments.Map(app);
        Telemetry.MapMetrics(app);
        return app;
    }
}
