namespace GitReload.Domain.Jobs;

/// <summary>What to do after a try of a job failed.</summary>
public abstract record RetryDecision
{
    private RetryDecision() { }

    /// <summary>Try again after waiting <paramref name="Delay"/>.</summary>
    public sealed record RetryAfter(TimeSpan Delay) : RetryDecision;

    /// <summary>Stop: the job has failed, for the reason given.</summary>
    public sealed record GiveUp(string Reason) : RetryDecision;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<RetryAfter, T> retryAfter, Func<GiveUp, T> giveUp) => this switch
    {
        RetryAfter r => retryAfter(r),
        GiveUp g => giveUp(g),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
