using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Removes the <c>*.lock</c> files a crashed git left in a checkout's git directory, and only
/// those: a lock some process holds open (found through <c>/proc/*/fd</c>) belongs to a live git.
/// A lock younger than <see cref="Fresh"/> is left alone too, because git closes its lock file a
/// moment before renaming it into place, and a git that is just starting may not have it open yet.
/// </summary>
/// <remarks>
/// Relies on: <c>/proc</c> shows an open file by its resolved path, hence the git directory is
/// resolved first (<see cref="RealPath"/>). Pinned by <c>LibGit2CheckoutsLockTests</c>, with a real process holding a lock.
/// </remarks>
internal static class StaleLocks
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    /// <summary>Clears stale locks; a failure (transient) when a lock is, or may be, in use.</summary>
    public static Option<JobFailure> Clear(string gitDir, RepoName repo, string checkout, DateTime nowUtc)
    {
        // Without /proc nobody can tell a live lock from a stale one: leave them all to git's own error.
        if (!OpenFiles.CanTell) return None;
        var root = RealPath.Of(gitDir).IfNone(() => Path.GetFullPath(gitDir));
        var locks = Find(root).ToList();
        if (locks.Count == 0) return None;

        var held = OpenFiles.HeldAmong(locks);
        foreach (var file in locks)
        {
            var shown = Path.GetRelativePath(Path.GetDirectoryName(root.TrimEnd('/'))!, file);
            if (held.Contains(file))
                return JobFailure.Passing($"{repo}: another git process is working in {checkout} (it holds {shown} open); will try again");
            if (nowUtc - File.GetLastWriteTimeUtc(file) < Fresh)
                return JobFailure.Passing($"{repo}: another git process may be working in {checkout} ({shown} was created moments ago); will try again");
        }

        try
        {
            locks.ForEach(File.Delete);
            return None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return JobFailure.Permanent($"{repo}: a stale git lock in {checkout} cannot be removed ({e.Message}); check who owns the checkout's files");
        }
    }

    private static IEnumerable<string> Find(string gitDir) =>
        Directory.EnumerateFiles(gitDir, "*.lock")
            .Concat(new[] { "refs", "logs" }
                .Select(sub => Path.Combine(gitDir, sub))
                .Where(Directory.Exists)
                .SelectMany(sub => Directory.EnumerateFiles(sub, "*.lock", SearchOption.AllDirectories)));
}
