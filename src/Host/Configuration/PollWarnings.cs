namespace GitReload.Host.Configuration;

/// <summary>What <c>check-config</c> says about the reconcile loop's keys beyond their values.</summary>
internal static class PollWarnings
{
    /// <summary>Keys that contradict each other; the start logs these too.</summary>
    public static IEnumerable<string> Of(GitReloadSettings settings)
    {
        var poll = settings.Core.Poll;
        if (poll.Interval > TimeSpan.Zero && poll.Poll.IsEmpty)
            yield return "POLL_SECONDS is set but POLL names no checkout: no origin is asked. Set POLL, e.g. {\"*\": \"update\"}";
        if (poll.Interval == TimeSpan.Zero && !poll.Poll.IsEmpty)
            yield return "POLL names checkouts but POLL_SECONDS is 0: the reconcile loop is off, and they follow pushes only";
    }

    /// <summary>Checkouts <c>POLL</c> names that are not under <c>REPODIR</c> (the running service logs each once itself).</summary>
    public static IEnumerable<string> Missing(GitReloadSettings settings) =>
        !Directory.Exists(settings.Core.RepoDir)
            ? []
            : settings.Core.Poll.Poll.Named
                .Filter(n => !Directory.Exists(Path.Combine(settings.Core.RepoDir, n.Value, ".git")) && !File.Exists(Path.Combine(settings.Core.RepoDir, n.Value, ".git")))
                .Map(n => $"POLL names {n}, but there is no checkout {Path.Combine(settings.Core.RepoDir, n.Value)}: it is not followed{NamedCheckouts.DidYouMean(n.Value, settings.Core.RepoDir)}");
}
