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
    Option<string> LogFilePath,
    Option<Seq<string>> ImportCommand,
    long MaxPayloadBytes,
    string StateDir,
    int MaxFinishedJobsPerRepo,
    TimeSpan ShutdownGrace);
