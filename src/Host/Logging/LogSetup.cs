using GitReload.Host.Configuration;
using Serilog;
using Serilog.Events;
using System.Globalization;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace GitReload.Host.Logging;

/// <summary>Console logging at <c>LOG_LEVEL</c>, and a rotated file when <c>LOG_FILE_PATH</c> is set.</summary>
public static class LogSetup
{
    private const long RotateAtBytes = 1024 * 1024;
    private const int FilesKept = 10;
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.ILogger Create(GitReloadSettings settings)
    {
        var framework = settings.LogLevel < LogEventLevel.Warning ? LogEventLevel.Warning : settings.LogLevel;
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(settings.LogLevel)
            .MinimumLevel.Override("Microsoft", framework)
            .MinimumLevel.Override("System", framework)
            // A failed start is reported by the gitreload command in one line, not as a stack trace.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal);
        // The file gets what the console gets, in the same format.
        ITextFormatter format = settings.LogFormat == LogFormat.Json
            ? new JsonLogFormatter()
            : new MessageTemplateTextFormatter(Template, CultureInfo.InvariantCulture);
        config = config.WriteTo.Console(format, standardErrorFromLevel: LogEventLevel.Verbose);
        foreach (var path in settings.LogFilePath)
        {
            config = config.WriteTo.File(
                format,
                path,
                fileSizeLimitBytes: RotateAtBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: FilesKept);
        }
        return config.CreateLogger();
    }
}
