namespace GitReload.Adapters.Edx.Imports;

/// <summary>
/// The last lines a process printed, bounded by line count and characters; safe to feed from
/// stdout and stderr at once, so both end up interleaved in arrival order.
/// </summary>
internal sealed class OutputTail(int maxLines, int maxChars)
{
    public const int ImportMaxLines = 500;
    public const int ImportMaxChars = 64 * 1024;
    public const string DroppedMarker = "[earlier output dropped]";

    private readonly Lock gate = new();
    private readonly Queue<string> lines = new();
    private int chars;
    private bool dropped;
    private long written;

    /// <summary>How many lines were added so far: tells whether the tail changed.</summary>
    public long Written => Interlocked.Read(ref written);

    public void Add(string line)
    {
        lock (gate)
        {
            if (line.Length > maxChars)
            {
                line = line[^maxChars..];
                dropped = true;
            }
            lines.Enqueue(line);
            Interlocked.Increment(ref written);
            chars += line.Length + 1;
            while (lines.Count > maxLines || (chars > maxChars && lines.Count > 1))
            {
                chars -= lines.Dequeue().Length + 1;
                dropped = true;
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var text = string.Join('\n', lines);
            return dropped ? $"{DroppedMarker}\n{text}" : text;
        }
    }
}
