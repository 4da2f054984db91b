using Carter;
using GitReload.Adapters.Edx.Imports;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Jobs;
using GitReload.Adapters.Http.Queue;
using GitReload.Adapters.Http.Signatures;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using GitReload.Application.History;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Application.Telemetry;
using GitReload.Domain.Jobs;
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
        var reports = Reporting.Events(settings);
        var scheduler = new JobScheduler(journal, reports);
        var resumed = await scheduler.Resume(CancellationToken.None);
        if (resumed.IsLeft)
        {
            journal.Dispose();
            return resumed.LeftToSeq().Head.Message;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://{UrlHost(settings.Host)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            // A slow client must not hold a connection: GitHub itself gives up after 10 s.
            k.Limits.MaxRequestBodySize = settings.MaxPayloadBytes;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownGrace + ShutdownMargin);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddSerilog(LogSetup.Create(settings), dispose: true);
        builder.Host.UseSystemd();

        var services = builder.Services;
        services.AddSingleton(new GitCheckoutSettings(settings.RepoDir) { StepTimeout = settings.GitTimeout });
        services.AddSingleton(new EdxImportSettings(
            settings.RepoDir, settings.VirtualEnv, settings.EdxPlatform, settings.DjangoSettings,
            settings.LmsCfg, settings.RevisionCfg, settings.ImportTimeout, settings.ImportCommand));
        services.AddSingleton(new HttpSettings(settings.MaxPayloadBytes, new HookSecrets(settings.HookSecret, settings.RepoSecrets)));
        services.AddSingleton(new WorkerPool.Settings(settings.NumThreads, settings.ShutdownGrace));
        services.AddSingleton(new AdminSettings(settings.AdminToken));

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
        services.AddSingleton<RequestJob>();
        services.AddSingleton(s => new RunJob(
            s.GetRequiredService<ICheckouts>(), s.GetRequiredService<ICourseImporter>(),
            RetryPolicy.Default.WithMaxAttempts(settings.MaxAttempts), s.GetRequiredService<TimeProvider>(), Random.Shared.NextDouble));
        services.AddSingleton<ReadQueue>();
        services.AddSingleton<ReadJobs>();
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(s => s.GetRequiredService<WorkerPool>());
        services.AddHealthChecks()
            .AddCheck<RepoDirHealthCheck>("repodir")
            .AddCheck<WorkersHealthCheck>("workers")
            .AddCheck<JournalHealthCheck>("journal");
        services.AddSingleton<GitReloadMetrics>();
        services.AddOpenApi();
        Telemetry.Add(services, settings.OtlpEndpoint);
        Reporting.Add(services, settings, reports);
        services.AddCarter(configurator: c => c
            .WithModule<HooksModule>()
            .WithModule<QueueModule>()
            .WithModule<JobsModule>()
            .WithModule<AdminModule>());

        var app = builder.Build();
        app.MapCarter();
        app.MapHealthChecks("/healthz", HealthReply.Options);
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    // Beyond the grace period: time to put cut-off jobs back to queued and close the journal.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    private static string UrlHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
