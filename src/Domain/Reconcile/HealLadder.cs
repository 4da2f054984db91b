using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// How long a failed update waits before it is tried again as a new job (<c>trigger: retry</c>),
/// once its quick retries (<see cref="Jobs.RetryPolicy"/>) are spent: <paramref name="Steps"/> in
/// turn, then every <paramref name="Then"/> until it succeeds or a newer request supersedes it.
/// </summary>
/// <param name="Steps">The waits before the first retries, in order.</param>
/// <param name="Then">The wait before every later retry.</param>
public sealed record HealLadder(Seq<TimeSpan> Steps, TimeSpan Then)
{
    /// <summary>The wait after the last step when the reconcile loop is off.</summary>
    public static readonly TimeSpan Otherwise = TimeSpan.FromMinutes(30);

    /// <summary>1, 2, 5, 10 and 30 minutes, then every 30 minutes.</summary>
    public static HealLadder Default { get; } = new(
        LanguageExt.Prelude.Seq(1, 2, 5, 10, 30).Map(m => TimeSpan.FromMinutes(m)), Otherwise);

    /// <summary>The default steps, then every <paramref name="poll"/> when the reconcile loop runs, else every 30 minutes.</summary>
    public static HealLadder After(Option<TimeSpan> poll) => Default with { Then = poll.IfNone(Otherwise) };

    /// <summary>The wait before retry number <paramref name="rung"/> + 1 (0 for the first retry).</summary>
    public TimeSpan Wait(int rung) => rung >= 0 && rung < Steps.Count ? Steps[rung] : Then;

    /// <summary>When <paramref name="heal"/>'s retry is due.</summary>
    public DateTimeOffset DueAt(HealMark heal) => heal.FailedAt + Wait(heal.Rung);
}
