namespace GitReload.Adapters.Http;

/// <summary>
/// At most one log line per <paramref name="interval"/> for one kind of event that anyone on the
/// network can cause (a refused body, a wrong operator token): the first is written at once, the
/// ones after it within the interval are counted, by kind, and the next line written says how many were not.
/// </summary>
public sealed class LogThrottle(TimeSpan interval)
{
    private readonly Lock gate = new();
    private readonly OrderedDictionary<string, long> heldBack = new(StringComparer.Ordinal);
    private DateTimeOffset? lastWritten;

    /// <summary>True when a line may be written at <paramref name="now"/>; <paramref name="notWritten"/> is then how many were held back since the last one.</summary>
    public bool TryWrite(DateTimeOffset now, out long notWritten)
    {
        var may = TryWrite(now, "", out var held);
        notWritten = held.Sum(h => h.Count);
        return may;
    }

    /// <summary>
    /// True when a line about an event of <paramref name="kind"/> may be written at <paramref name="now"/>;
    /// <paramref name="notWritten"/> is then how many of each kind were held back since the last one, in the order first held back.
    /// </summary>
    public bool TryWrite(DateTimeOffset now, string kind, out IReadOnlyList<(string Kind, long Count)> notWritten)
    {
        lock (gate)
        {
            if (lastWritten is { } last && now - last < interval)
            {
                heldBack[kind] = heldBack.GetValueOrDefault(kind) + 1;
                notWritten = [];
                return false;
            }
            lastWritten = now;
            notWritten = heldBack.Select(h => (h.Key, h.Value)).ToArray();
            heldBack.Clear();
            return true;
        }
    }
}
