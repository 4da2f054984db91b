using System.Collections.Concurrent;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// What is kept per checkout, bounded: a new entry past <see cref="Cap"/> entries starts the map over.
/// </summary>
/// <remarks>
/// Starting over, not evicting one entry: what is kept only spares work (each forgotten checkout is
/// read the slow way once more), and a host with more checkouts than the cap loses no answer by it.
/// An LRU would cost a list and a lock on every push to keep order that nothing here needs.
/// </remarks>
internal sealed class CappedMap<TValue>(int cap)
{
    private readonly ConcurrentDictionary<string, TValue> entries = new(StringComparer.Ordinal);

    /// <summary>The most entries kept at once.</summary>
    public int Cap { get; } = cap > 0 ? cap : throw new ArgumentOutOfRangeException(nameof(cap), cap, "a cap must be positive");

    /// <summary>How many entries are kept now.</summary>
    public int Count => entries.Count;

    /// <summary>The entry kept for <paramref name="key"/>, if any.</summary>
    public bool TryGetValue(string key, out TValue value) => entries.TryGetValue(key, out value!);

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/>; a new key past the cap forgets every other entry first.</summary>
    public void Set(string key, TValue value)
    {
        if (entries.Count >= Cap && !entries.ContainsKey(key)) entries.Clear();
        entries[key] = value;
    }

    /// <summary>Forgets <paramref name="key"/>'s entry, handing it back if there was one.</summary>
    public bool TryRemove(string key, out TValue value) => entries.TryRemove(key, out value!);
}
