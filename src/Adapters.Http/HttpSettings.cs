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
}
