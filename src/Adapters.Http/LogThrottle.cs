namespace GitReload.Adapters.Http;

/// <summary>
/// At most one log line per <paramref name="interval"/> for one kind of event that anyone on the
/// network can cause (a refused body, a wrong operator token): the first is written at once, the
/// ones after it within the interval are counted, and the next line written says how many were not.
/// </summary>
public sealed class LogThrottle(TimeSpan interval)
{
    private readonly Lock gate = new();
    private DateTimeOffset? lastWritten;
    private long heldBack;

    /// <summary>True when a line may be written at <paramref name="now"/>; <paramref name="notWritten"/> is then how many were held back since the last one.</summary>
    public bool TryWrite(DateTimeOffset now, out long notWritten)
    {
        lock (gate)
        {
            if (lastWritten is { } last && now - last < interval)
            {
                heldBack++;
                notWritten = 0;
                return false;
            }
            lastWritten = now;
            notWritten = heldBack;
            heldBack = 0;
            return true;
        }
    }
}
