using System.Collections.Frozen;
using Carter;
using GitReload.Adapters.Edx.Imports;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Dashboard;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Jobs;
using GitReload.Adapters.Http.Queue;
using GitReload.Adapters.Http.Signatures;
using GitReload.Application.Dashboard;
using GitReload.Application.History;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Application.Telemetry;
using GitReload.AspNetCore.Health;
using GitReload.AspNetCore.Jobs;
using GitReload.AspNetCore.Journal;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GitReload.AspNetCore;

/// <summary>
/// GitReload in any ASP.NET Core service: <c>services.AddGitReload(...)</c> registers the whole
/// system (checkouts, import, journal, queue, workers, health checks, metrics instruments) and
/// <c>endpoints.MapGitReload(prefix)</c> maps its routes. The gitreload host is built from these two.
/// </summary>
public static class GitReloadServices
{
    /// <summary>Adds GitReload configured from <paramref name="configuration"/>'s keys (<c>REPODIR</c>, <c>NUM_THREADS</c>, ...).</summary>
    public static IServiceCollection AddGitReload(this IServiceCollection services, IConfiguration configuration) =>
        services.AddGitReload(options => configuration.Bind(options));

    /// <summary>Adds GitReload configured in code; throws with one line per problem when the options cannot work.</summary>
    public static IServiceCollection AddGitReload(this IServiceCollection services, Action<GitReloadOptions> configure)
    {
        var options = new GitReloadOptions();
        configure(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
            throw new ArgumentException("GitReload cannot start: " + string.Join("; ", problems), nameof(configure));

        services.AddSingleton(options);
        services.AddSingleton(new GitCheckoutSettings(options.RepoDir) { StepTimeout = TimeSpan.FromSeconds(options.GitTimeoutSeconds) });
        services.AddSingleton(new EdxImportSettings(
            options.RepoDir, options.VirtualEnv, options.EdxPlatform, options.DjangoSettings, options.LmsCfg, options.RevisionCfg,
            TimeSpan.FromMinutes(options.SubprocessTimeoutMinutes), Optional(options.ImportCommand).Map(c => c.ToSeq())));
        services.AddSingleton(new HttpSettings(options.MaxPayloadBytes, new HookSecrets(
            Optional(options.HookSecret).Filter(s => s.Length > 0),
            options.RepoSecrets.ToFrozenDictionary(r => r.Key, r => r.Value.ToSeq(), StringComparer.Ordinal))));
        services.AddSingleton(new AdminSettings(Optional(options.AdminToken).Filter(s => s.Length > 0)));
        services.AddSingleton(new WorkerPool.Settings(options.NumThreads, TimeSpan.FromSeconds(options.ShutdownGraceSeconds)));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICheckouts>(s => new LibGit2Checkouts(s.GetRequiredService<GitCheckoutSettings>())
        {
            StepTimed = s.GetRequiredService<GitReloadMetrics>().UpdateStep,
        });
        services.AddSingleton<ICheckoutCatalog, LibGit2CheckoutCatalog>();
        services.AddSingleton<ICourseImporter, EdxCliImporter>();
        services.AddSingleton(s => JournalStartup.Open(options, s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobJournal>(s => s.GetRequiredService<SqliteJobJournal>());
        services.AddSingleton<IJobHistory>(s => s.GetRequiredService<SqliteJobJournal>());
        services.AddSingleton<IDeliveryLog>(s => s.GetRequiredService<SqliteJobJournal>());
        services.TryAddSingleton<IJobEvents, NoJobEvents>();
        services.AddSingleton(s => new JobScheduler(s.GetRequiredService<IJobJournal>(), s.GetRequiredService<IJobEvents>())
        {
            FollowUpQuiet = TimeSpan.FromSeconds(options.FollowUpQuietSeconds),
            Clock = s.GetRequiredService<TimeProvider>(),
        });
        services.AddSingleton<IJobQueue>(s => s.GetRequiredService<JobScheduler>());
        services.AddSingleton<ReceiveHook>();
        services.AddSingleton<RequestJob>();
        services.AddSingleton(s => new RunJob(
            s.GetRequiredService<ICheckouts>(), s.GetRequiredService<ICourseImporter>(),
            RetryPolicy.Default.WithMaxAttempts(options.MaxAttempts), s.GetRequiredService<TimeProvider>(), Random.Shared.NextDouble));
        services.AddSingleton<ReadQueue>();
        services.AddSingleton<ReadJobs>();
        services.AddSingleton<ReadDashboard>();
        services.AddSingleton<GitReloadMetrics>();

        // Resume the journal before the workers start, and both before the server listens.
        services.AddHostedService<JournalStartup>();
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(s => s.GetRequiredService<WorkerPool>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownGraceSeconds) + ShutdownMargin);

        services.AddHealthChecks()
            .AddCheck<RepoDirHealthCheck>("repodir")
            .AddCheck<WorkersHealthCheck>("workers")
            .AddCheck<JournalHealthCheck>("journal");
        services.AddCarter(configurator: c => c
            .WithModule<HooksModule>()
            .WithModule<QueueModule>()
            .WithModule<JobsModule>()
            .WithModule<DashboardModule>()
            .WithModule<AdminModule>());
        return services;
    }

    /// <summary>
    /// Maps GitReload's routes under <paramref name="prefix"/> (e.g. <c>/hooks</c>): the hook routes,
    /// <c>/queue</c>, <c>/jobs</c>, <c>/dashboard</c>, the operator routes and <c>/healthz</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapGitReload(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = endpoints.MapGroup(prefix);
        group.MapCarter();
        group.MapMethods("/healthz", [Microsoft.AspNetCore.Http.HttpMethods.Get, Microsoft.AspNetCore.Http.HttpMethods.Head], HealthReply.Answer)
            .WithTags(OpenApiTags.Health).WithSummary("200 when REPODIR is readable, every worker runs and the journal is writable, else 503")
            .Produces(200, contentType: "application/json").Produces(503, contentType: "application/json");
        return endpoints;
    }

    // Beyond the grace period: time to put cut-off jobs back to queued and close the journal.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);
}
