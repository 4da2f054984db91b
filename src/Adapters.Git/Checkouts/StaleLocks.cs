using System.Runtime.InteropServices;
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
internal static class StaleLocks
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    /// <summary>Clears stale locks; a failure (transient) when a lock is, or may be, in use.</summary>
    public static Option<JobFailure> Clear(string gitDir, RepoName repo, string checkout, DateTime nowUtc)
    {
        // Without /proc nobody can tell a live lock from a stale one: leave them all to git's own error.
        if (!Directory.Exists("/proc/self/fd")) return None;
        var root = RealPath(gitDir);
        var locks = Find(root).ToList();
        if (locks.Count == 0) return None;

        var held = HeldOpen(locks);
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

    private static System.Collections.Generic.HashSet<string> HeldOpen(IEnumerable<string> locks)
    {
        var wanted = locks.ToHashSet(StringComparer.Ordinal);
        var held = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && wanted.Contains(target)) held.Add(target);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or belongs to a user we may not look at.
            }
        }
        return held;
    }

    // /proc shows the resolved path of an open file; REPODIR may sit behind a symbolic link.
    private static string RealPath(string path)
    {
        var resolved = Resolve(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return Path.GetFullPath(path);
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? Path.GetFullPath(path);
        }
        finally
        {
            Free(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr Resolve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
