using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Signatures;

namespace GitReload.Adapters.Http;

/// <summary>What the HTTP edge needs to know.</summary>
/// <param name="MaxPayloadBytes">Bodies larger than this are answered 413 without being read whole.</param>
/// <param name="Secrets">The secrets deliveries must be signed with.</param>
public sealed record HttpSettings(long MaxPayloadBytes, HookSecrets Secrets)
{
    /// <summary>GitHub never sends more than 25 MiB.</summary>
    public const long GitHubMaxPayloadBytes = 25 * 1024 * 1024;

    /// <summary>GitHub's limit and no secrets.</summary>
    public static HttpSettings Default { get; } = new(GitHubMaxPayloadBytes, HookSecrets.None);

    /// <summary>
    /// The bytes all hook bodies being read at once may hold: twice <see cref="MaxPayloadBytes"/>, so two
    /// of the largest bodies fit, and a flood of big unsigned bodies cannot take more memory than that.
    /// </summary>
    public BodyBudget Bodies { get; init; } = new(2 * MaxPayloadBytes);

    /// <summary>How long a client may take to send a hook body: forges give up after 10 s (GitHub, GitLab) or 5 s (Gitea).</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Refused bodies (too large, no room, too slow, broken) are logged at most once per 10 s, with how many were not.</summary>
    public LogThrottle RefusedBodies { get; } = new(TimeSpan.FromSeconds(10));
}
