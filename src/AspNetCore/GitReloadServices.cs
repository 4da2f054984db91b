using GitReload.Adapters.Edx.Imports;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Signatures;
using GitReload.Adapters.Journal;
using GitReload.Adapters.Reporting;
using GitReload.Application.Dashboard;
using GitReload.Application.Fleet;
using GitReload.Application.History;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Application.Telemetry;
using GitReload.AspNetCore.Configuration;
using GitReload.AspNetCore.Fleet;
using GitReload.AspNetCore.Health;
using GitReload.AspNetCore.Jobs;
using GitReload.AspNetCore.Journal;
using GitReload.AspNetCore.Reporting;
using GitReload.AspNetCore.Wiring;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitReload.AspNetCore;

/// <summary>
/// GitReload in any ASP.NET Core service: <c>services.AddGitReload(...)</c> registers the whole
/// system (checkouts, import, journal, queue, workers, reporting, health checks, metrics instruments)
/// and <see cref="GitReloadEndpoints.MapGitReload"/> maps its routes. The gitreload host is built from these two.
/// </summary>
public static class GitReloadServices
{
    /// <summary>
    /// Adds GitReload configured from <paramref name="configuration"/>'s keys (<c>REPODIR</c>, <c>NUM_THREADS</c>,
    /// <c>GITHUB_TOKEN</c>, ...), usually a section such as <c>builder.Configuration.GetSection("GitReload")</c>,
    /// read by the gitreload host's own rules (<see cref="GitReloadConfig.Parse"/>); throws with one line per
    /// problem when they cannot work. Keys that no option binds are logged as warnings at start.
    /// </summary>
    public static GitReloadBuilder AddGitReload(this IServiceCollection services, IConfiguration configuration)
    {
        var source = configuration is IConfigurationSection named ? $"section {named.Path}" : "configuration";
        var config = Valid(GitReloadConfig.Parse(SettingValues.Of(configuration, _ => source)), nameof(configuration));
        var options = new GitReloadOptions();
        Bind(configuration, options);
        services.AddSingleton(options);
        var builder = services.AddGitReload(config);
        // The configuration root holds every key of the app, not only GitReload's.
        if (configuration is IConfigurationSection section && UnknownKeys.In(section) is { Count: > 0 } unknown)
            services.AddHostedService(s => new UnknownKeys(unknown, section.Path, s.GetRequiredService<ILogger<GitReloadOptions>>()));
        return builder;
    }

    /// <summary>
    /// Adds GitReload configured in code, read by the gitreload host's own rules (<see cref="GitReloadConfig.Parse"/>);
    /// throws with one line per problem when the options cannot work.
    /// </summary>
    public static GitReloadBuilder AddGitReload(this IServiceCollection services, Action<GitReloadOptions> configure)
    {
        var options = new GitReloadOptions();
        configure(options);
        var config = Valid(GitReloadConfig.Parse(options.Values(GitReloadOptions.Source)), nameof(configure));
        services.AddSingleton(options);
        return services.AddGitReload(config);
    }

    /// <summary>
    /// Adds GitReload with a configuration already read by <see cref="GitReloadConfig.Parse"/> (the gitreload
    /// host's way: its values come from flags, the environment and <c>gr.env.json</c>).
    /// </summary>
    public static GitReloadBuilder AddGitReload(this IServiceCollection services, GitReloadConfig config)
    {
        // First of GitReload's hosted services: a port the app removed is named before anything uses it.
        services.AddHostedService<RequiredServices>();
        services.AddSingleton(config);
        services.AddSingleton(new GitCheckoutSettings(config.RepoDir) { StepTimeout = config.GitTimeout, PublishKeep = config.PublishKeep });
        services.AddSingleton(new EdxImportSettings(
            config.RepoDir, config.VirtualEnv, config.EdxPlatform, config.DjangoSettings, config.LmsCfg, config.RevisionCfg,
            config.ImportTimeout, config.ImportCommand));
        services.AddSingleton(new HttpSettings(config.MaxPayloadBytes, new HookSecrets(config.HookSecret, config.RepoSecrets)));
        services.AddSingleton(new AdminSettings(config.AdminToken));
        services.AddSingleton(new WorkerPool.Settings(config.NumThreads, config.ShutdownGrace));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICheckouts>(s => new LibGit2Checkouts(s.GetRequiredService<GitCheckoutSettings>())
        {
            StepTimed = s.GetRequiredService<GitReloadMetrics>().UpdateStep,
            Log = s.GetRequiredService<ILoggerFactory>().CreateLogger<LibGit2Checkouts>(),
            SshLog = s.GetRequiredService<ILoggerFactory>().CreateLogger("ssh"),
            Clock = s.GetRequiredService<TimeProvider>(),
        });
        services.AddSingleton<ICheckoutCatalog, LibGit2CheckoutCatalog>();
        services.AddSingleton<ICourseImporter, EdxCliImporter>();
        Publishing.PublishingServices.Add(services, config);
        services.AddSingleton(config.HostId);
        // The builder's UseSqliteJournal / UsePostgresJournal replace this, before or after alike; without
        // them, STATE_DIR or JOURNAL_URL names the journal, and with neither the start stops saying so.
        services.TryAddSingleton(_ => JournalFrom(config));
        services.AddSingleton(s => s.GetRequiredService<JournalChoice>().Open(s.GetRequiredService<TimeProvider>(), config.MaxFinishedJobsPerRepo, config.HostId));
        services.AddSingleton<IJobJournal>(s => s.GetRequiredService<SqlJournal>());
        services.AddSingleton<IJobHistory>(s => s.GetRequiredService<SqlJournal>());
        services.AddSingleton<IDeliveryLog>(s => s.GetRequiredService<SqlJournal>());
        services.AddSingleton<IFleetRegistry>(s => s.GetRequiredService<SqlJournal>());
        // A host alone registers its checkouts after it listens: what shows them waits for it.
        services.AddSingleton(s => new RegisteredFirst(s.GetRequiredService<SqlJournal>(), s.GetRequiredService<SqlJournal>(), s.GetRequiredService<FleetPresence>()));
        services.AddSingleton<ICheckoutOverview>(s => s.GetRequiredService<RegisteredFirst>());
        AddReporting(services, config.Reporting);
        services.AddSingleton(s => new EveryJobEvents(s.GetServices<IJobEvents>()));
        services.AddSingleton(s => new JobScheduler(s.GetRequiredService<IJobJournal>(), s.GetRequiredService<EveryJobEvents>(), s.GetRequiredService<HostId>())
        {
            FollowUpQuiet = config.FollowUpQuiet,
            Clock = s.GetRequiredService<TimeProvider>(),
        });
        services.AddSingleton<IJobQueue>(s => s.GetRequiredService<JobScheduler>());
        services.AddSingleton<ReceiveHook>();
        services.AddSingleton<RequestJob>();
        services.AddSingleton(s => new RunJob(
            s.GetRequiredService<ICheckouts>(), s.GetRequiredService<ICourseImporter>(),
            RetryPolicy.Default.WithMaxAttempts(config.MaxAttempts), s.GetRequiredService<TimeProvider>(), Random.Shared.NextDouble)
        {
            Retrying = (job, attempt, failure, wait) => WorkerPool.Retrying(
                s.GetRequiredService<ILogger<WorkerPool>>(), job.Repo.Value, job.Branch, attempt, config.MaxAttempts, failure.Message, Math.Round(wait.TotalSeconds, 1)),
            Publishing = s.GetRequiredService<Application.Publishing.AtomicPublishing>(),
        });
        services.AddSingleton<ReadQueue>();
        services.AddSingleton<ReadJobs>();
        services.AddSingleton<ReadDashboard>();
        services.AddSingleton(s => new ReadHosts(s.GetRequiredService<RegisteredFirst>()));
        services.AddSingleton(s => new ForgetHost(s.GetRequiredService<IFleetRegistry>(), s.GetRequiredService<EveryJobEvents>()));
        services.AddSingleton<GitReloadMetrics>();

        // Join the journal before the workers start, and both before the server listens.
        services.AddSingleton<FleetPresence>();
        services.AddHostedService<JournalStartup>();
        services.AddHostedService(s => s.GetRequiredService<FleetPresence>());
        services.AddSingleton<IdleCompaction>();
        services.AddSingleton<WorkerPool>();
        services.AddHostedService(s => s.GetRequiredService<WorkerPool>());
        Reconcile.ReconcileServices.Add(services, config);
        // Never shorter than the app asked for: only lengthened to let running jobs finish.
        var shutdown = config.ShutdownGrace + ShutdownMargin;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout > shutdown ? o.ShutdownTimeout : shutdown);

        GitReloadChecks.Register(services);
        return new GitReloadBuilder(services);
    }

    /// <summary>
    /// Uses the SQLite journal <c>journal.db</c> in <paramref name="stateDir"/>: a host alone. It wins
    /// over <c>STATE_DIR</c> and <c>JOURNAL_URL</c>.
    /// </summary>
    public static GitReloadBuilder UseSqliteJournal(this GitReloadBuilder builder, string stateDir)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<JournalChoice>(new JournalChoice.Sqlite(stateDir)));
        return builder;
    }

    /// <summary>
    /// Uses the PostgreSQL journal at <paramref name="connectionString"/> (a <c>postgresql://</c> URL or
    /// an Npgsql string): every host with the same database is one fleet. It wins over
    /// <c>STATE_DIR</c> and <c>JOURNAL_URL</c>.
    /// </summary>
    public static GitReloadBuilder UsePostgresJournal(this GitReloadBuilder builder, string connectionString)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<JournalChoice>(new JournalChoice.Postgres(
            Adapters.Postgres.JournalUrl.Parse(connectionString).Match(url => url, e => throw new ArgumentException(e.Message, nameof(connectionString))))));
        return builder;
    }

    /// <summary>
    /// The journal the configuration names: PostgreSQL when <c>JOURNAL_URL</c> is set, else SQLite in
    /// <c>STATE_DIR</c>; with neither, a <see cref="JournalUnusableException"/> that says what to give.
    /// </summary>
    public static JournalChoice JournalFrom(GitReloadConfig config) =>
        config.JournalUrl.Match<JournalChoice>(
            Some: url => new JournalChoice.Postgres(url),
            None: () => config.StateDir.Match<JournalChoice>(
                Some: folder => new JournalChoice.Sqlite(folder),
                None: () => throw new JournalUnusableException(
                    "GitReload needs a job journal: set STATE_DIR (SQLite) or JOURNAL_URL (PostgreSQL), or call UseSqliteJournal / UsePostgresJournal on AddGitReload's builder")));

    private static GitReloadConfig Valid(Validation<ConfigProblem, GitReloadConfig> config, string parameter) => config.Match(
        Succ: valid => valid,
        Fail: problems => throw new ArgumentException("GitReload cannot start: " + string.Join("; ", problems), parameter));

    private static void Bind(IConfiguration configuration, GitReloadOptions options)
    {
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException("GitReload cannot start: " + e.Message, nameof(configuration), e);
        }
    }

    // With a token or a notification URL: the channel the queue tells, and the one reporter that reads it.
    private static void AddReporting(IServiceCollection services, ReportingSettings reporting)
    {
        if (!reporting.Any)
        {
            services.AddSingleton<IJobEvents>(NoJobEvents.Instance);
            return;
        }
        var events = new ChannelJobEvents();
        services.AddSingleton(events);
        services.AddSingleton<IJobEvents>(events);
        services.AddSingleton(reporting);
        services.AddHostedService(s => new JobReporter(
            events, reporting, new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<JobReporter>>()));
    }

    // Beyond the grace period: time to put cut-off jobs back to queued and close the journal.
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);
}
