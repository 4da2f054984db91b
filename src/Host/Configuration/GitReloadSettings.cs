using GitReload.AspNetCore.Configuration;
using LanguageExt;
using Serilog.Events;

namespace GitReload.Host.Configuration;

/// <summary>Everything the service reads at start-up, validated: the host's own keys, and GitReload's (<see cref="Core"/>).</summary>
public sealed record GitReloadSettings(
    string Host,
    int Port,
    LogEventLevel LogLevel,
    LogFormat LogFormat,
    Option<string> LogFilePath,
    Option<Uri> OtlpEndpoint,
    GitReloadConfig Core);

/// <summary>How console log lines are written.</summary>
public enum LogFormat
{
    Text,
    Json,
}
