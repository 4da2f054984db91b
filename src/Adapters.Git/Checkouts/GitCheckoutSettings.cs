namespace GitReload.Adapters.Git.Checkouts;

/// <summary>Where the checkouts live: one folder per repository under <paramref name="RepoDir"/> (<c>REPODIR</c>).</summary>
public sealed record GitCheckoutSettings(string RepoDir)
{
    /// <summary>How long each step of an update (fetch, reset, clean) may take (<c>GIT_TIMEOUT_SECONDS</c>).</summary>
    public TimeSpan StepTimeout { get; init; } = DefaultStepTimeout;

    /// <summary>The step time limit when none is given: five minutes.</summary>
    public static TimeSpan DefaultStepTimeout { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The trees kept for a rollback when no number is given.</summary>
    public const int DefaultPublishKeep = 2;

    /// <summary>How many trees older than the published one a checkout published atomically keeps for a rollback (<c>PUBLISH_KEEP</c>).</summary>
    public int PublishKeep { get; init; } = DefaultPublishKeep;
}
