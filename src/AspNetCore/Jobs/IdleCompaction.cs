using GitReload.Application.Ports;
using LanguageExt;

namespace GitReload.AspNetCore.Jobs;

/// <summary>
/// After a burst of jobs the server GC keeps the heap it grew to; once the last running job ends
/// and nothing is waiting, one blocking, compacting full collection hands that memory back to the
/// operating system. At most once per <see cref="AtMostEvery"/>, so a steady trickle of jobs does
/// not pay for a full collection each.
/// </summary>
public sealed class IdleCompaction(IJobHistory history, TimeProvider clock)
{
    /// <summary>The least time between two compactions.</summary>
    public static readonly TimeSpan AtMostEvery = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private Option<DateTimeOffset> last;
    private int compactions;

    /// <summary>How many compactions ran since the start.</summary>
    public int Compactions => Volatile.Read(ref compactions);

    /// <summary>True when a compaction is due: no job runs on this host, none is open in the journal, and the last one is old enough.</summary>
    public static bool Due(int running, int open, Option<DateTimeOffset> last, DateTimeOffset now) =>
        running == 0 && open == 0 && last.ForAll(at => now - at >= AtMostEvery);

    /// <summary>Called by a worker after it recorded how its job ended, with how many jobs still run on this host.</summary>
    public async Task AfterJob(int running, CancellationToken cancellationToken)
    {
        if (running > 0 || !Due(running, 0, Last(), clock.GetUtcNow()))
            return;
        // A journal that cannot be read says nothing about the queue: no compaction.
        var open = (await history.OpenCount(cancellationToken)).IfLeft(int.MaxValue);
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!Due(running, open, last, now))
                return;
            last = now;
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref compactions);
    }

    private Option<DateTimeOffset> Last()
    {
        lock (gate)
            return last;
    }
}
