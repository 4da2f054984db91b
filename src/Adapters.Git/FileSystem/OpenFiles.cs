namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// Which of some files a process holds open, found through <c>/proc/*/fd</c>: Linux only, and only
/// among the processes this user may look at. Paths must be as <c>/proc</c> shows them, resolved
/// (<see cref="RealPath"/>). Pinned by <c>LibGit2CheckoutsLockTests</c>, with a real process holding a file.
/// </summary>
internal static class OpenFiles
{
    /// <summary>Whether <c>/proc</c> can tell at all.</summary>
    public static bool CanTell => Directory.Exists("/proc/self/fd");

    public static HashSet<string> HeldAmong(IEnumerable<string> files)
    {
        var wanted = files.ToHashSet(StringComparer.Ordinal);
        var held = new HashSet<string>(StringComparer.Ordinal);
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
}
