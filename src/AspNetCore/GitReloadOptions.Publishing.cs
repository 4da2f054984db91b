using GitReload.Domain.Publishing;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore;

/// <summary>The options of atomic publishing: which checkouts, how many trees are kept, the check before publishing.</summary>
public sealed partial class GitReloadOptions
{
    /// <summary>
    /// Which checkouts are published atomically: checkout name, or <c>"*"</c> for every other one, to
    /// <c>"in-place"</c> (the default) or <c>"atomic"</c>.
    /// </summary>
    [ConfigurationKeyName("PUBLISH")]
    public Dictionary<string, string> Publish { get; set; } = [];

    /// <summary>Trees older than the published one kept for a rollback, per checkout published atomically.</summary>
    [ConfigurationKeyName("PUBLISH_KEEP")]
    public int PublishKeep { get; set; } = 2;

    /// <summary>
    /// An argv template run in a new tree before it is published, with <c>{repo_dir}</c>, <c>{repo_name}</c>,
    /// <c>{branch}</c>, <c>{sha}</c>; a non-zero exit publishes nothing. Unset: trees are published unchecked.
    /// </summary>
    [ConfigurationKeyName("VERIFY_COMMAND")]
    public List<string>? VerifyCommand { get; set; }

    /// <summary><see cref="Publish"/> as a policy; throws when it is not one (<see cref="Problems"/> says why first).</summary>
    internal PublishPolicy PublishPolicy() =>
        Domain.Publishing.PublishPolicy.Parse(Publish.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value))).Match(
            Right: policy => policy,
            Left: error => throw new ArgumentException(error.Message));

    private IEnumerable<string> PublishingProblems()
    {
        foreach (var error in Domain.Publishing.PublishPolicy.Parse(Publish.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value))).LeftToSeq())
            foreach (var line in error.Message.Split('\n'))
                yield return line;
        if (PublishKeep < 1) yield return Invalid("PUBLISH_KEEP", PublishKeep, "a positive whole number");
        if (VerifyCommand is { } command && (command.Count == 0 || command.Any(string.IsNullOrEmpty)))
            yield return "VERIFY_COMMAND must be a non-empty list of non-empty strings";
    }
}
