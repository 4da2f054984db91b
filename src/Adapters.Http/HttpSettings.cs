namespace GitReload.Adapters.Http;

/// <summary>What the HTTP edge needs to know.</summary>
/// <param name="MaxPayloadBytes">Bodies larger than this are answered 413 without being read whole.</param>
public sealed record HttpSettings(long MaxPayloadBytes)
{
    /// <summary>GitHub never sends more than 25 MiB.</summary>
    public static HttpSettings Default { get; } = new(25 * 1024 * 1024);
}
