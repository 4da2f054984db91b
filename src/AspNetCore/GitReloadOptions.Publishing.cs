using GitReload.AspNetCore.Configuration;
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
    public int PublishKeep { get; set; } = SettingDefaults.PublishKeep;

    /// <summary>
    /// An argv template run in a new tree before it is published, with <c>{repo_dir}</c>, <c>{repo_name}</c>,
    /// <c>{branch}</c>, <c>{sha}</c>; a non-zero exit publishes nothing. Unset: trees are published unchecked.
    /// </summary>
    [ConfigurationKeyName("VERIFY_COMMAND")]
    public List<string>? VerifyCommand { get; set; }
}
