namespace GitReload.Domain.Jobs;

/// <summary>
/// When a failed update is tried again: only a transient failure, at most
/// <paramref name="MaxAttempts"/> tries in all, after an exponential backoff with full jitter
/// (a random delay between zero and <c>BaseDelay × 2^(attempt-1)</c>, capped at <paramref name="MaxDelay"/>),
/// so that many checkouts failing together on one forge outage do not retry in lockstep.
/// </summary>
/// <param name="MaxAttempts">Tries in all, the first included (<c>MAX_ATTEMPTS</c>); at least 1.</param>
/// <param name="BaseDelay">The longest wait before the second try.</param>
/// <param name="MaxDelay">No wait is longer than this, however many tries came before.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Three tries, waits of up to 2 s then 4 s, never more than 60 s.</summary>
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));

    /// <summary>The same policy with <paramref name="maxAttempts"/> tries in all.</summary>
    public RetryPolicy WithMaxAttempts(int maxAttempts) => this with { MaxAttempts = maxAttempts };

    /// <summary>
    /// What to do after try number <paramref name="attempt"/> (1 for the first) failed with
    /// <paramref name="failure"/>; <paramref name="random"/> is a value in [0, 1) that picks the
    /// wait within its window.
    /// </summary>
    public RetryDecision After(int attempt, JobFailure failure, double random) =>
        !failure.Transient ? new RetryDecision.GiveUp("the failure is permanent")
        : attempt >= MaxAttempts ? new RetryDecision.GiveUp($"{attempt} of {MaxAttempts} tries failed")
        : new RetryDecision.RetryAfter(Backoff(attempt, random));

    /// <summary>The wait after try <paramref name="attempt"/>: uniform in [0, min(MaxDelay, BaseDelay × 2^(attempt-1))).</summary>
    public TimeSpan Backoff(int attempt, double random)
    {
        var window = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(Math.Floor(window * Math.Clamp(random, 0, 1)));
    }
}
