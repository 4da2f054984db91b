using GitReload.AspNetCore;
using GitReload.Host.Configuration;
using GitReload.Host.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace GitReload.Host;

/// <summary>
/// The composition root of the gitreload command: GitReload itself comes from
/// <see cref="GitReloadServices.AddGitReload(IServiceCollection, Action{GitReloadOptions})"/> and
/// <see cref="GitReloadServices.MapGitReload"/>, as for any embedding service; what is added here
/// is the host's own: listening, Kestrel limits, logging, systemd, metrics export, OpenAPI.
/// </summary>
public static class GitReloadApp
{
    public static WebApplication Build(GitReloadSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://{UrlHost(settings.Host)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            // A slow client must not hold a connection: GitHub itself gives up after 10 s.
            k.Limits.MaxRequestBodySize = settings.MaxPayloadBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
            // Kestrel starts the header timeout at a request's first byte; before it, the keep-alive timeout
            // applies, so this is also how long a connection that sends nothing at all is kept.
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(LogSetup.Create(settings), dispose: true);
        builder.Host.UseSystemd();

        Reporting.Add(builder.Services, settings);
        builder.Services.AddGitReload(options => Apply(settings, options));
        builder.Services.AddOpenApi(OpenApiSetup.Describe);
        Telemetry.Add(builder.Services, settings.OtlpEndpoint);

        var app = builder.Build();
        app.MapGitReload();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void Apply(GitReloadSettings settings, GitReloadOptions options)
    {
        options.RepoDir = settings.RepoDir;
        options.VirtualEnv = settings.VirtualEnv;
        options.EdxPlatform = settings.EdxPlatform;
        options.DjangoSettings = settings.DjangoSettings;
        options.LmsCfg = settings.LmsCfg;
        options.RevisionCfg = settings.RevisionCfg;
        options.SubprocessTimeoutMinutes = settings.ImportTimeout.TotalMinutes;
        options.ImportCommand = settings.ImportCommand.Map(c => c.ToList()).IfNoneUnsafe((List<string>?)null);
        options.NumThreads = settings.NumThreads;
        options.MaxPayloadBytes = settings.MaxPayloadBytes;
        options.HookSecret = settings.HookSecret.IfNoneUnsafe((string?)null);
        options.RepoSecrets = settings.RepoSecrets.ToDictionary(r => r.Key, r => r.Value.ToList());
        options.StateDir = settings.StateDir;
        options.MaxFinishedJobsPerRepo = settings.MaxFinishedJobsPerRepo;
        options.ShutdownGraceSeconds = settings.ShutdownGrace.TotalSeconds;
        options.FollowUpQuietSeconds = settings.FollowUpQuiet.TotalSeconds;
        options.MaxAttempts = settings.MaxAttempts;
        options.GitTimeoutSeconds = settings.GitTimeout.TotalSeconds;
        options.AdminToken = settings.AdminToken.IfNoneUnsafe((string?)null);
    }

    private static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
