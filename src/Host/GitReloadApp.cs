using Carter;
using GitReload.Adapters.Edx.Imports;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Queue;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Domain.Jobs;
using GitReload.Host.Configuration;
using GitReload.Host.Jobs;
using GitReload.Host.Logging;
using Serilog;

namespace GitReload.Host;

/// <summary>The composition root: reading it tells the whole system.</summary>
public static class GitReloadApp
{
    public static WebApplication Build(GitReloadSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://{UrlHost(settings.Host)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxPayloadBytes);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(LogSetup.Create(settings), dispose: true);

        var services = builder.Services;
        services.AddSingleton(new GitCheckoutSettings(settings.RepoDir) { StepTimeout = settings.GitTimeout });
        services.AddSingleton(new EdxImportSettings(
            settings.RepoDir, settings.VirtualEnv, settings.EdxPlatform, settings.DjangoSettings,
            settings.LmsCfg, settings.RevisionCfg, settings.ImportTimeout, settings.ImportCommand));
        services.AddSingleton(new HttpSettings(settings.MaxPayloadBytes));
        services.AddSingleton(new WorkerPool.Size(settings.NumThreads));

        services.AddSingleton<ICheckouts, LibGit2Checkouts>();
        services.AddSingleton<ICourseImporter, EdxCliImporter>();
        services.AddSingleton<JobScheduler>();
        services.AddSingleton<IJobQueue>(s => s.GetRequiredService<JobScheduler>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDeliveryLog, RecentDeliveries>();
        services.AddSingleton<ReceiveHook>();
        services.AddSingleton(s => new RunJob(
            s.GetRequiredService<ICheckouts>(), s.GetRequiredService<ICourseImporter>(),
            RetryPolicy.Default.WithMaxAttempts(settings.MaxAttempts), s.GetRequiredService<TimeProvider>(), Random.Shared.NextDouble));
        services.AddSingleton<ReadQueue>();
        services.AddHostedService<WorkerPool>();
        services.AddCarter(configurator: c => c.WithModule<HooksModule>().WithModule<QueueModule>());

        var app = builder.Build();
        app.MapCarter();
        return app;
    }

    private static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
