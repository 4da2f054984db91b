using System.Globalization;
using GitReload.Domain.Reconcile;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore;

// The reconcile loop: which checkouts are followed by asking origin, and how often.
public sealed partial class GitReloadOptions
{
    /// <summary>How often each followed checkout's origin is asked, in seconds; 0 (the default) turns the reconcile loop off.</summary>
    [ConfigurationKeyName("POLL_SECONDS")]
    public double PollSeconds { get; set; }

    /// <summary>Checkout names, or <c>"*"</c> for every checkout under <c>REPODIR</c>, to the job queued when origin moved: <c>update</c> or <c>import</c>.</summary>
    [ConfigurationKeyName("POLL")]
    public Dictionary<string, string> Poll { get; set; } = [];

    /// <summary>How many origins are asked at once.</summary>
    [ConfigurationKeyName("POLL_CONCURRENCY")]
    public int PollConcurrency { get; set; } = 4;

    /// <summary>The checkouts followed; nothing when <see cref="Poll"/> is not valid (see <see cref="Problems"/>).</summary>
    internal PollMap PollMap() =>
        Reconcile.PollKeys.Map(Poll).Match(map => map, _ => Domain.Reconcile.PollMap.Nothing);

    private IEnumerable<string> ReconcileProblems()
    {
        if (!(PollSeconds >= 0 && PollSeconds < 1e8))
            yield return $"POLL_SECONDS must be a number of seconds, 0 (off) or more, got '{PollSeconds.ToString(CultureInfo.InvariantCulture)}'";
        if (PollConcurrency < 1)
            yield return $"POLL_CONCURRENCY must be a positive whole number, got '{PollConcurrency.ToString(CultureInfo.InvariantCulture)}'";
        foreach (var problem in Reconcile.PollKeys.Map(Poll).Match(_ => [], errors => errors))
            yield return problem;
    }
}
