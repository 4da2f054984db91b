using Carter;
using GitReload.Adapters.Edx.Imports;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Jobs;
using GitReload.Adapters.Http.Queue;
using GitReload.Application.History;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Host.Configuration;
using GitReload.Host.Health;
using GitReload.Host.Jobs;
using GitReload.Host.Journal;
using GitReload.Host.Logging;
using LanguageExt;
using Serilog;

namespace GitReload.Host;

/// <summary>The composition root: reading it tells the whole system.</summary>
public static class GitReloadApp
{
    /// <summary>The service, with the jobs the journal holds back on the queue; or, in one line, why the journal cannot be used.</summary>
    public static async Task<Either<string, WebApplication>> Build(GitReloadSettings settings)
    {
        var opened = SqliteJobJournal.Open(settings.StateDir, TimeProvider.System, settings.MaxFinishedJobsPerRepo);
        if (opened.IsLeft)
            return (string)opened;
        var journal = (SqliteJobJournal)opened;
        var scheduler = new JobScheduler(journal);
        var resumed = await scheduler.Resume(CancellationToken.None);
        if (resumed.IsLeft)
        {
            journal.Dispose();
            return resumed.LeftToSeq().Head.Message;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://{UrlHost(settings.Host)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxPayloadBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + ShutdownMargin);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(LogSetup.Create(settings), dispose: true);

        var services = builder.Services;
        services.AddSingleton(new GitCheckoutSettings(settings.RepoDir));
        services.AddSingleton(new EdxImportSettings(
            settings.RepoDir, settings.VirtualEnv, settings.EdxPlatform, settings.DjangoSettings,
            settings.LmsCfg, settings.RevisionCfg, settings.ImportTimeout, settings.ImportCommand));
        services.AddSingleton(new HttpSettings(settings.MaxPayloadBytes));
        services.AddSingleton(new WorkerPool.Settings(settings.NumThreads, settings.ShutdownGrace));

        services.AddSingleton<ICheckouts, LibGit2Checkouts>();
        services.AddSingleton<ICourseImporter, EdxCliImporter>();
        services.AddSingleton(journal);
        services.AddSingleton<IJobJournal>(journal);
        services.AddSingleton<IJobHistory>(journal);
        services.AddSingleton<IDeliveryLog>(journal);
        services.AddSingleton(scheduler);
        services.AddSingleton<IJobQueue>(scheduler);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReceiveHook>();
        services.AddSingleton<RunJob>();
        services.AddSingleton<ReadQueue>();
        services.AddSingleton<ReadJobs>();
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(s => s.GetRequiredService<WorkerPool>());
        services.AddHealthChecks()
            .AddCheck<RepoDirHealthCheck>("repodir")
            .AddCheck<WorkersHealthCheck>("workers")
            .AddCheck<JournalHealthCheck>("journal");
        services.AddCarter(configurator: c => c.WithModule<HooksModule>().WithModule<QueueModule>().WithModule<JobsModule>());

        var app = builder.Build();
        app.MapCarter();
        app.MapHealthChecks("/healthz", HealthReply.Options);
        return app;
    }

    // Beyond the grace period: time to put cut-off jobs back to queued and close the journal.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    private static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
