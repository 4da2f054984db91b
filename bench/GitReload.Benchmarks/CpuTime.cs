using System.Runtime.InteropServices;

/// <summary>
/// CPU time (user + system) from getrusage(2): of the calling thread, or of this process's children
/// that ended. Less disturbed than wall time by whatever else shares the machine's cores.
/// </summary>
internal static class CpuTime
{
    public static double ThreadMs() => Read(1); // RUSAGE_THREAD, Linux only

    public static double ProcessMs() => Read(0); // RUSAGE_SELF

    public static double ChildrenMs() => Read(-1); // RUSAGE_CHILDREN

    private static double Read(int who)
    {
        // struct rusage on 64-bit Linux: two timevals (user, system), then 14 longs.
        var usage = new long[18];
        if (GetRusage(who, usage) != 0) throw new InvalidOperationException("getrusage failed");
        return (usage[0] + usage[2]) * 1000.0 + (usage[1] + usage[3]) / 1000.0;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
