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
    /// <summary>Commit statuses and notifications; off unless a token or <c>NOTIFY_WEBHOOK_URL</c> is set.</summary>
    public ReportingSettings Reporting { get; init; } = ReportingSettings.Off;
}


/// <summary>How console log lines are written.</summary>
public enum LogFormat
{
    Text,
    Json,
}
