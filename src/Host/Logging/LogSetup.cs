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
            PrivateLogs.CreateFolder(path);
            config = config.WriteTo.File(
                format,
                path,
                fileSizeLimitBytes: RotateAtBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: FilesKept,
                hooks: new PrivateLogs());
        }
        return config.CreateLogger();
    }

    /// <summary>
    /// The log names delivery ids, repositories and what ssh and the import said: a folder made for it is the service
    /// user's and its group's alone (0750), as is each file begun in it (0640), as the systemd unit's LogsDirectoryMode
    /// makes its folder. A folder or file that was there already keeps its mode.
    /// </summary>
    private sealed class PrivateLogs : Serilog.Sinks.File.FileLifecycleHooks
    {
        private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

        public static void CreateFolder(string logFile)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(logFile));
            if (folder is null || Directory.Exists(folder) || OperatingSystem.IsWindows()) return;
            try
            {
                Directory.CreateDirectory(folder, Folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The sink says why it cannot write there (Preflight said so before the start).
            }
        }

        public override Stream OnFileOpened(string path, Stream underlyingStream, System.Text.Encoding encoding)
        {
            if (underlyingStream.Length == 0 && !OperatingSystem.IsWindows())
                System.IO.File.SetUnixFileMode(path, File);
            return underlyingStream;
        }
    }
}
