using GitReload.Adapters.Reporting;
using GitReload.AspNetCore;
using LanguageExt;
using GitReload.Host.Configuration;
using GitReload.Host.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace GitReload.Host;

/// <summary>
/// The composition root of the gitreload command: GitReload itself comes from
/// <see cref="GitReloadServices.AddGitReload(IServiceCollection, Action{GitReloadOptions})"/> and
/// <see cref="GitReloadEndpoints.MapGitReload"/>, as for any embedding service (reporting included);
/// what is added here is the host's own: listening, Kestrel limits, logging, systemd, metrics export, OpenAPI.
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

        builder.Services.AddGitReload(options => Apply(settings, options));
        builder.Services.AddSingleton<ResumedJobs>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ResumedJobs>());
        // GitReload's routes are in their own OpenAPI group; the host's one document shows them all.
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = _ => true;
            OpenApiSetup.Describe(o);
        });
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
        options.JournalUrl = settings.JournalUrl.Map(u => u.ConnectionString).IfNoneUnsafe((string?)null);
        options.HostId = settings.HostId.Value;
        options.Publish = settings.Publish.Entries.ToDictionary(e => e.Key, e => e.Value);
        options.PublishKeep = settings.PublishKeep;
        options.VerifyCommand = settings.VerifyCommand.Map(c => c.ToList()).IfNoneUnsafe((List<string>?)null);
        options.PollSeconds = settings.Poll.Interval.TotalSeconds;
        options.Poll = settings.Poll.Poll.Named.ToDictionary(r => r.Value, r => settings.Poll.Poll.For(r).Map(Name).IfNone(""))
            .Concat(settings.Poll.Poll.Others.Map(a => KeyValuePair.Create(Domain.Reconcile.PollMap.Every, Name(a)))).ToDictionary();
        options.PollConcurrency = settings.Poll.Concurrency;
        ApplyReporting(settings.Reporting, options);
    }

    // Written back as the keys' text, to be read again by the same rules (ReportingKeys).
    private static void ApplyReporting(ReportingSettings reporting, GitReloadOptions options)
    {
        static string? Text<T>(Option<T> value, Func<T, string> text) => value.Map(text).IfNoneUnsafe((string?)null);
        options.PublicUrl = Text(reporting.PublicUrl, u => u.OriginalString);
        options.GitHubToken = Text(reporting.GitHub, g => g.Token);
        options.GitHubApiUrl = Text(reporting.GitHub.Bind(g => g.ApiUrl), u => u.OriginalString);
        options.GiteaToken = Text(reporting.Gitea, g => g.Token);
        options.GiteaApiUrl = Text(reporting.Gitea.Bind(g => g.ApiUrl), u => u.OriginalString);
        options.GitLabToken = Text(reporting.GitLab, g => g.Token);
        options.GitLabApiUrl = Text(reporting.GitLab.Bind(g => g.ApiUrl), u => u.OriginalString);
        options.NotifyWebhookUrl = Text(reporting.Notify, n => n.Url.OriginalString);
        options.NotifyOn = Text(reporting.Notify, n => n.On.ToString());
        options.NotifyFormat = Text(reporting.Notify, n => n.Format.ToString());
    }

    private static string Name(Domain.Jobs.JobAction action) => action == Domain.Jobs.JobAction.CourseImport ? "import" : "update";

    private static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
