using GitReload.Application;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Jobs;
using GitReload.Domain.Jobs;
using GitReload.Host.Configuration;
using LanguageExt;

namespace GitReload.Host.Logging;

/// <summary>The service's own life in the log: what the configuration is missing, start, jobs resumed, shutdown.</summary>
public static partial class ServiceLog
{
    /// <summary>The logger's category: the service itself rather than one of its parts.</summary>
    public const string Category = "gitreload";

    /// <summary>Logs what <c>check-config</c> would print as a problem (Error) or a warning (Warning).</summary>
    public static void Findings(ILogger log, Seq<Finding> findings)
    {
        foreach (var finding in findings)
            finding.Match(
                problem => { ConfigurationProblem(log, problem.Text); return Unit.Default; },
                warning => { ConfigurationWarning(log, warning.Text); return Unit.Default; });
    }

    /// <summary>Logs the start: version, configuration file, address, checkouts, and the jobs an earlier run left.</summary>
    public static void Start(ILogger log, LoadedConfiguration config, IEnumerable<string> urls, Seq<JobRecord> resumed)
    {
        Started(log, GitReloadVersion.Text, string.Join(", ", urls), config.File.Match(f => $"configuration from {f}", () => "no configuration file"),
            config.Settings.Core.RepoDir, config.Settings.Core.NumThreads);
        if (!resumed.IsEmpty)
            Resumed(log, resumed.Count, string.Join(", ", resumed.Map(j => $"{j.Id} ({Describe(j.Request.Action)} of {j.Request.Repo})")));
    }

    /// <summary>Logs the shutdown as it begins and when it is done.</summary>
    public static void WatchShutdown(ILogger log, IHostApplicationLifetime lifetime, GitReloadSettings settings, WorkerPool workers, IJobHistory history)
    {
        lifetime.ApplicationStopping.Register(() => Stopping(log, workers.Running, settings.Core.ShutdownGrace.TotalSeconds));
        // At the end of the stop: the journal is still open, and one read tells what waits.
        lifetime.ApplicationStopped.Register(() => Stopped(log, history.Open(CancellationToken.None).GetAwaiter().GetResult()
            .Match(open => open.Count(j => j.Targets.Exists(t => t.Host.Match(h => h == settings.Core.HostId, () => true))), _ => 0)));
    }

    /// <summary>"update" or "course import": an action as people say it.</summary>
    public static string Describe(JobAction action) => action switch { JobAction.CourseImport => "course import", JobAction.Rollback => "rollback", _ => "update" };

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void ConfigurationProblem(ILogger log, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration warning: {Warning}")]
    private static partial void ConfigurationWarning(ILogger log, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitReload {Version} started: listening on {Urls}, {ConfigFile}, checkouts in {RepoDir}, {Workers} worker(s)")]
    private static partial void Started(ILogger log, string version, string urls, string configFile, string repoDir, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} job(s) that the last run left queued or running: {Jobs}")]
    private static partial void Resumed(ILogger log, int count, string jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: no new hooks; {Running} running job(s) get up to {GraceSeconds} s to finish")]
    private static partial void Stopping(ILogger log, int running, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped; {Left} job(s) stay queued in the journal and run after the next start")]
    private static partial void Stopped(ILogger log, int left);
}
