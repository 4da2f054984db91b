using GitReload.Adapters.Reporting;
using LanguageExt;
using Serilog.Events;

namespace GitReload.Host.Configuration;

/// <summary>Everything the service reads at start-up, validated.</summary>
public sealed record GitReloadSettings(
    string Host,
    int Port,
    string RepoDir,
    string VirtualEnv,
    string EdxPlatform,
    string DjangoSettings,
    string LmsCfg,
    string RevisionCfg,
    TimeSpan ImportTimeout,
    int NumThreads,
    LogEventLevel LogLevel,
    LogFormat LogFormat,
    Option<string> LogFilePath,
    Option<Seq<string>> ImportCommand,
    long MaxPayloadBytes,
    Option<string> HookSecret,
    IReadOnlyDictionary<string, Seq<string>> RepoSecrets,
    Option<Uri> OtlpEndpoint,
    int MaxAttempts,
    TimeSpan GitTimeout,
    Option<string> AdminToken,
    string StateDir,
    int MaxFinishedJobsPerRepo,
    TimeSpan ShutdownGrace,
    TimeSpan FollowUpQuiet)
{
    /// <summary>The fleet's PostgreSQL journal (<c>JOURNAL_URL</c>); none: SQLite in <see cref="StateDir"/>.</summary>
    public Option<GitReload.Adapters.Postgres.JournalUrl> JournalUrl { get; init; }

    /// <summary>This host's name in the fleet (<c>HOST_ID</c>; the machine's host name by default).</summary>
    public required GitReload.Domain.Fleet.HostId HostId { get; init; }

    /// <summary>Which checkouts are published atomically (<c>PUBLISH</c>); by default all in place.</summary>
    public GitReload.Domain.Publishing.PublishPolicy Publish { get; init; } = GitReload.Domain.Publishing.PublishPolicy.InPlace;

    /// <summary>Trees older than the published one kept for a rollback (<c>PUBLISH_KEEP</c>).</summary>
    public int PublishKeep { get; init; } = 2;

    /// <summary>The check a new tree passes before it is published (<c>VERIFY_COMMAND</c>), an argv template.</summary>
    public Option<Seq<string>> VerifyCommand { get; init; }

    /// <summary>Commit statuses and notifications; off unless a token or <c>NOTIFY_WEBHOOK_URL</c> is set.</summary>
    public ReportingSettings Reporting { get; init; } = ReportingSettings.Off;

    /// <summary>The reconcile loop (<c>POLL_SECONDS</c>, <c>POLL</c>, <c>POLL_CONCURRENCY</c>); off by default.</summary>
    public PollSettings Poll { get; init; } = PollSettings.Off;
}


/// <summary>How console log lines are written.</summary>
public enum LogFormat
{
    Text,
    Json,
}
