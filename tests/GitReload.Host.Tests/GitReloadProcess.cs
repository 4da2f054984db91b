using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GitReload.Host.Tests;

/// <summary>The <c>gitreload</c> command as an operator runs it: a separate process.</summary>
internal static partial class GitReloadProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "GitReload.Host.dll");

    public static Process Start(string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        Start(["dotnet", Dll, .. args], workingDirectory, environment);

    /// <summary>Another build of the command, started as its own program (a published build: <see cref="PublishedBuild"/>).</summary>
    public static Process StartProgram(string program, string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        Start([program, .. args], workingDirectory, environment);

    /// <summary>The command run as the user <paramref name="uid"/> (group the same number), as a service account runs it; the tests run as root.</summary>
    public static Process StartAs(int uid, string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        Start(["setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "dotnet", DllForOthers.Value, .. args], workingDirectory, environment);

    // Another user must reach the program: a clone under a private folder (root's home, 0700) is out of its reach,
    // so the output folder is then copied, once, to a temporary one it can read.
    private static readonly Lazy<string> DllForOthers = new(() => ReachableByOthers(AppContext.BaseDirectory) ? Dll : CopiedForOthers());

    private static bool ReachableByOthers(string folder)
    {
        for (var at = new DirectoryInfo(folder); at is not null; at = at.Parent)
            if ((at.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        return (File.GetUnixFileMode(Dll) & UnixFileMode.OtherRead) != 0;
    }

    private static string CopiedForOthers()
    {
        var copy = Directory.CreateTempSubdirectory("gitreload-host-bin-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(copy, readable);
        foreach (var folder in Directory.EnumerateDirectories(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(copy, Path.GetRelativePath(AppContext.BaseDirectory, folder)), readable);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(AppContext.BaseDirectory, file));
            File.Copy(file, to);
            File.SetUnixFileMode(to, File.GetUnixFileMode(file) | UnixFileMode.OtherRead);
        }
        return Path.Combine(copy, "GitReload.Host.dll");
    }

    private static Process Start(string[] command, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in command[1..])
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = workingDirectory;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Process.Start(start)!;
    }

    public static Task<(int ExitCode, string Output, string Errors)> Run(string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        Run(Start(workingDirectory, environment, args));

    public static Task<(int ExitCode, string Output, string Errors)> RunProgram(string program, string workingDirectory, Dictionary<string, string> environment, params string[] args) =>
        Run(StartProgram(program, workingDirectory, environment, args));

    private static async Task<(int ExitCode, string Output, string Errors)> Run(Process started)
    {
        using var process = started;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Reads standard output until the process says where it listens.</summary>
    public static async Task<string> ListeningUrl(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null) break;
            if (ListeningLine().Match(line) is { Success: true } match) return match.Groups[1].Value;
        }
        throw new InvalidOperationException("gitreload did not say where it listens: " + await process.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"listening on (http://[^\s,]+)")]
    private static partial Regex ListeningLine();
}
