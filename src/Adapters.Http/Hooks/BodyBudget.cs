using System.Buffers;
using System.Collections.Concurrent;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// The memory hook bodies being read at once may hold together, and the buffers that hold it. A
/// body takes from the budget as its bytes arrive, not as its <c>Content-Length</c> announces them,
/// so a client that only announces a big body, or sends it slowly, holds no more than it sent; a
/// body that finds the budget spent is answered 503 and gives back what it took.
/// </summary>
/// <remarks>
/// Buffers are segments of <see cref="HookBody.SegmentSize"/> bytes kept here for the next body, up
/// to the budget's size: reused, they make no garbage. The shared <c>ArrayPool</c> keeps only a few
/// arrays of one size per core, so a burst of big bodies allocated new ones whose garbage the server
/// GC kept committed: 297 MB peak against 173 MB for 16 parallel 25 MiB bodies (docs/BENCHMARKS.md).
/// </remarks>
public sealed class BodyBudget(long bytes)
{
    private readonly ConcurrentStack<byte[]> kept = new();
    private long free = bytes;
    private long keptCount;

    /// <summary>The whole budget, in bytes.</summary>
    public long Total { get; } = bytes;

    /// <summary>What is not taken now.</summary>
    public long Free => Interlocked.Read(ref free);

    /// <summary>Takes <paramref name="count"/> bytes, or nothing and false when fewer are free.</summary>
    public bool TryTake(long count)
    {
        var seen = Interlocked.Read(ref free);
        while (seen >= count)
        {
            var before = Interlocked.CompareExchange(ref free, seen - count, seen);
            if (before == seen)
                return true;
            seen = before;
        }
        return false;
    }

    /// <summary>Gives back <paramref name="count"/> bytes taken before.</summary>
    public void Give(long count) => Interlocked.Add(ref free, count);

    // A body longer than one segment is copied whole for the JSON parser, once its signature holds (or no
    // secret applies); one buffer of each size is kept for the next, not the shared pool's several per core.
    internal ArrayPool<byte> WholeBodies { get; } = ArrayPool<byte>.Create((int)Math.Min(bytes, Array.MaxLength), 1);

    internal byte[] RentSegment()
    {
        if (kept.TryPop(out var segment))
        {
            Interlocked.Decrement(ref keptCount);
            return segment;
        }
        return GC.AllocateUninitializedArray<byte>(HookBody.SegmentSize);
    }

    internal void ReturnSegment(byte[] segment)
    {
        if (Interlocked.Increment(ref keptCount) * HookBody.SegmentSize <= Total)
            kept.Push(segment);
        else
            Interlocked.Decrement(ref keptCount);
    }
}
