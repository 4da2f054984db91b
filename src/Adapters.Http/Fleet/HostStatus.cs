using LanguageExt;

namespace GitReload.Adapters.Http.Fleet;

/// <summary>
/// A host's state as <c>/hosts</c> and the dashboard name it: <c>live</c>; <c>stopped</c> (it said
/// it stopped, and has not started again); <c>down</c> (not seen for 30 s, without a word).
/// </summary>
public static class HostStatus
{
    /// <summary>The name of the state of a host that is <paramref name="live"/> or not, and left at <paramref name="leftAt"/> if it said so.</summary>
    public static string Of(bool live, Option<DateTimeOffset> leftAt) => live ? "live" : leftAt.IsSome ? "stopped" : "down";
}
