using System.Diagnostics;

namespace GitReload.Host.Tests;

/// <summary>The <c>gitreload</c> command as an operator runs it: a separate process.</summary>
internal static class GitReloadProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "GitReload.Host.dll");

    public static Process Start(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["HOME"] = workingDirectory;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Output, string Errors)> Run(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await errors);
    }
}
