using System.Diagnostics;

namespace GitReload.Adapters.Git.Tests;

/// <summary>A real process that holds a file open for writing, as a running git holds its lock file.</summary>
internal sealed class LockHolder : IDisposable
{
    private readonly Process process;

    public LockHolder(string path)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", "exec 3>>\"$1\"; echo ready; exec sleep 60", "holder", path }) start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        if (process.StandardOutput.ReadLine() != "ready") throw new InvalidOperationException($"bash could not open {path}");
    }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
