using GitReload.AspNetCore.Configuration;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore;

// The reconcile loop: which checkouts are followed by asking origin, and how often.
public sealed partial class GitReloadOptions
{
    /// <summary>How often each followed checkout's origin is asked, in seconds; 0 (the default) turns the reconcile loop off.</summary>
    [ConfigurationKeyName("POLL_SECONDS")]
    public double PollSeconds { get; set; } = SettingDefaults.PollSeconds;

    /// <summary>Checkout names, or <c>"*"</c> for every checkout under <c>REPODIR</c>, to the job queued when origin moved: <c>update</c> or <c>import</c>.</summary>
    [ConfigurationKeyName("POLL")]
    public Dictionary<string, string> Poll { get; set; } = [];

    /// <summary>How many origins are asked at once.</summary>
    [ConfigurationKeyName("POLL_CONCURRENCY")]
    public int PollConcurrency { get; set; } = SettingDefaults.PollConcurrency;
}
