using System.Runtime.InteropServices;
using LanguageExt;
using Microsoft.Win32.SafeHandles;

namespace GitReload.Host.Logging;

/// <summary>
/// Sends what child processes write to this process's stderr through the logger. libgit2 starts
/// <c>ssh</c> with file descriptor 2 inherited, so ssh's own messages ("Permission denied
/// (publickey)", host-key warnings) reached journald raw: no timestamp, outside the JSON of
/// <c>LOG_FORMAT=json</c>, never in <c>LOG_FILE_PATH</c>. Here fd 2 becomes a pipe that a thread
/// reads line by line into the logger, and <see cref="Console.Error"/> (the console sink) writes
/// to a copy of the original fd 2. The import's output never comes this way: it has pipes of its own.
/// An unhandled exception puts the original fd 2 back first, so the runtime's last words reach it
/// directly (AppDomain's UnhandledException is raised before the runtime prints them).
/// </summary>
public sealed partial class StderrToLog
{
    private readonly int original;
    private readonly int readEnd;

    private StderrToLog(int original, int readEnd)
    {
        this.original = original;
        this.readEnd = readEnd;
        OriginalError = TextWriter.Synchronized(new StreamWriter(
            new FileStream(new SafeFileHandle(original, ownsHandle: false), FileAccess.Write, 1), Console.OutputEncoding) { AutoFlush = true });
    }

    /// <summary>Writes where stderr went before: the terminal, or journald under systemd.</summary>
    public TextWriter OriginalError { get; }

    /// <summary>Turns fd 2 into the pipe, on Linux; None elsewhere, or when a system call fails (then nothing changed).</summary>
    public static Option<StderrToLog> Start()
    {
        if (!OperatingSystem.IsLinux())
            return None;
        var original = Dup(2);
        if (original < 0)
            return None;
        Span<int> ends = stackalloc int[2];
        if (Pipe2(ref ends[0], CloseOnExec) != 0)
        {
            Close(original);
            return None;
        }
        // Children get fd 2 (the write end); neither the copy of the original nor the read end leaks into them.
        if (SetCloseOnExec(original) != 0 || Dup2(ends[1], 2) < 0)
        {
            Close(original);
            Close(ends[0]);
            Close(ends[1]);
            return None;
        }
        Close(ends[1]);

        var capture = new StderrToLog(original, ends[0]);
        Console.SetError(capture.OriginalError);
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Dup2(original, 2);
        return capture;
    }

    /// <summary>Starts the thread that logs each line written to fd 2 as a warning of <paramref name="log"/>.</summary>
    public void Forward(ILogger log)
    {
        var thread = new Thread(() => Read(log)) { IsBackground = true, Name = "stderr to log" };
        thread.Start();
    }

    private void Read(ILogger log)
    {
        using var reader = new StreamReader(new FileStream(new SafeFileHandle(readEnd, ownsHandle: true), FileAccess.Read, 1));
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                Said(log, line.TrimEnd());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never stop reading: a full pipe would block every child that writes to it.
                OriginalError.WriteLine(line);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void Said(ILogger log, string line);

    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    private const int SetFlags = 2; // F_SETFD
    private const int FdCloseOnExec = 1; // FD_CLOEXEC

    private static int SetCloseOnExec(int fd) => Fcntl(fd, SetFlags, FdCloseOnExec);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int from, int to);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(ref int ends, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
