namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// A hook body read into segments of <see cref="SegmentSize"/> bytes from the <see cref="BodyBudget"/>,
/// holding its share of the budget. Segments stay under the large object heap's threshold, which the
/// GC only collects in full collections. Disposing gives every buffer and the budget back: nothing
/// may use <see cref="Bytes"/> after.
/// </summary>
public sealed class HookBody : IDisposable
{
    /// <summary>The size of every segment: below the 85,000 bytes at which .NET puts an array on the large object heap.</summary>
    public const int SegmentSize = 64 * 1024;

    private readonly BodyBudget budget;
    private readonly List<byte[]> segments = [];
    private int lastSize;
    private int inLast;
    private byte[]? whole;
    private long taken;
    private bool disposed;

    internal HookBody(BodyBudget budget) => this.budget = budget;

    /// <summary>How many bytes were read.</summary>
    public int Length { get; private set; }

    /// <summary>
    /// The body's bytes in one piece: the segment itself when it is one, else a copy in one buffer
    /// made at the first call (a body longer than a segment, which the JSON parser needs whole).
    /// </summary>
    public ReadOnlyMemory<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (segments.Count <= 1)
                return segments.Count == 0 ? ReadOnlyMemory<byte>.Empty : segments[0].AsMemory(0, Length);
            if (whole is null)
            {
                whole = budget.WholeBodies.Rent(Length);
                var at = 0;
                foreach (var segment in segments)
                {
                    var count = Math.Min(SegmentSize, Length - at);
                    segment.AsSpan(0, count).CopyTo(whole.AsSpan(at));
                    at += count;
                }
            }
            return whole.AsMemory(0, Length);
        }
    }

    /// <summary>
    /// Where the next bytes go, for <paramref name="wanted"/> bytes that have arrived: the rest of the last segment, or a
    /// new one, taken from the budget for no more than has arrived and no more than <paramref name="most"/> bytes in
    /// all; empty when the budget is spent.
    /// </summary>
    internal Memory<byte> Room(long most, long wanted)
    {
        if (inLast == lastSize)
        {
            // What the last segment was taken for is full: take more of the budget for the rest of it, or for a new one.
            var fresh = segments.Count == 0 || lastSize == SegmentSize;
            var size = (int)Math.Clamp(Math.Min(most - taken, wanted), 1, fresh ? SegmentSize : SegmentSize - lastSize);
            if (!budget.TryTake(size))
                return Memory<byte>.Empty;
            taken += size;
            if (fresh)
            {
                segments.Add(budget.RentSegment());
                (lastSize, inLast) = (0, 0);
            }
            lastSize += size;
        }
        return segments[^1].AsMemory(inLast, lastSize - inLast);
    }

    internal void Advance(int count)
    {
        Length += count;
        inLast += count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        foreach (var segment in segments)
            budget.ReturnSegment(segment);
        segments.Clear();
        if (whole is not null)
            budget.WholeBodies.Return(whole);
        budget.Give(taken);
    }
}
