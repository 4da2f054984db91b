namespace GitReload.Host.Configuration;

/// <summary>What <c>check-config</c> and the start say about the reconcile loop's keys beyond their values.</summary>
internal static class PollWarnings
{
    public static IEnumerable<string> Of(GitReloadSettings settings)
    {
        var poll = settings.Poll;
        if (poll.Interval > TimeSpan.Zero && poll.Poll.IsEmpty)
            yield return "POLL_SECONDS is set but POLL names no checkout: no origin is asked. Set POLL, e.g. {\"*\": \"update\"}";
        if (poll.Interval == TimeSpan.Zero && !poll.Poll.IsEmpty)
            yield return "POLL names checkouts but POLL_SECONDS is 0: the reconcile loop is off, and they follow pushes only";
        if (!Directory.Exists(settings.RepoDir))
            yield break;
        foreach (var named in poll.Poll.Named.Filter(n => !Directory.Exists(Path.Combine(settings.RepoDir, n.Value, ".git")) && !File.Exists(Path.Combine(settings.RepoDir, n.Value, ".git"))))
            yield return $"POLL names {named}, but there is no checkout {Path.Combine(settings.RepoDir, named.Value)}: it is not followed";
    }
}
