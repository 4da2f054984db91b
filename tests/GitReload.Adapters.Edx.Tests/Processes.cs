using System.Diagnostics;

namespace GitReload.Adapters.Edx.Tests;

internal static class Processes
{
    /// <summary>True while /proc shows the process and it is not a zombie (dead, waiting to be reaped).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A SIGKILL takes a moment to land; waits up to a few seconds for the process to die.</summary>
    public static async Task<bool> DiesSoon(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5)) return false;
            await Task.Delay(50);
        }
        return true;
    }

    public static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
        }
    }
}
