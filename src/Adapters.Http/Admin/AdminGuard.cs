using LanguageExt;

namespace GitReload.Adapters.Http.Admin;

/// <summary>
/// Slows down guessing <c>ADMIN_TOKEN</c>: each address may get it wrong <see cref="FreeFailures"/>
/// times; from then on each wrong token locks the address out for 1 s, 2 s, 4 s ... up to
/// <see cref="LongestLockout"/>, during which it gets 429 whatever token it sends. A right token
/// clears the address's count, and a count is forgotten <see cref="Forgotten"/> after its last
/// failure. At most <see cref="MaxAddresses"/> addresses are kept; past that the one whose last
/// failure is oldest makes room.
/// </summary>
public sealed class AdminGuard
{
    /// <summary>Wrong tokens an address may send before it is locked out.</summary>
    public const int FreeFailures = 5;

    /// <summary>Addresses kept at most, whatever number an attacker uses.</summary>
    public const int MaxAddresses = 10_000;

    /// <summary>The longest lockout.</summary>
    public static readonly TimeSpan LongestLockout = TimeSpan.FromMinutes(15);

    /// <summary>How long after its last failure an address's count is kept.</summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(1);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Failures> addresses = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset LockedUntil);

    /// <summary>Failed attempts are logged at most once a minute, with how many were not.</summary>
    public LogThrottle Log { get; } = new(TimeSpan.FromMinutes(1));

    /// <summary>How many addresses are kept now.</summary>
    public int Tracked
    {
        get
        {
            lock (gate)
                return addresses.Count;
        }
    }

    /// <summary>How long <paramref name="address"/> is still locked out at <paramref name="now"/>, if it is.</summary>
    public Option<TimeSpan> LockedFor(string address, DateTimeOffset now)
    {
        lock (gate)
        {
            return addresses.TryGetValue(address, out var failures) && failures.LockedUntil > now
                ? failures.LockedUntil - now
                : Option<TimeSpan>.None;
        }
    }

    /// <summary>Counts a wrong token from <paramref name="address"/>; returns its failures in a row and the lockout it now has, if any.</summary>
    public (int Count, Option<TimeSpan> Lockout) Failed(string address, DateTimeOffset now)
    {
        lock (gate)
        {
            var count = addresses.TryGetValue(address, out var before) && now - before.Last < Forgotten ? before.Count + 1 : 1;
            var lockout = Lockout(count);
            if (!addresses.ContainsKey(address) && addresses.Count >= MaxAddresses)
                MakeRoom(now);
            addresses[address] = new Failures(count, now, now + lockout.IfNone(TimeSpan.Zero));
            return (count, lockout);
        }
    }

    /// <summary>Clears <paramref name="address"/>'s count after a right token.</summary>
    public void Succeeded(string address)
    {
        lock (gate)
            addresses.Remove(address);
    }

    /// <summary>The lockout after the <paramref name="count"/>-th wrong token in a row: none before <see cref="FreeFailures"/>, then doubling from 1 s.</summary>
    public static Option<TimeSpan> Lockout(int count) => count < FreeFailures
        ? Option<TimeSpan>.None
        : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, count - FreeFailures), LongestLockout.TotalSeconds));

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (address, failures) in addresses.Where(a => now - a.Value.Last >= Forgotten && a.Value.LockedUntil <= now).ToList())
            addresses.Remove(address);
        if (addresses.Count >= MaxAddresses)
            addresses.Remove(addresses.MinBy(a => a.Value.Last).Key);
    }
}
