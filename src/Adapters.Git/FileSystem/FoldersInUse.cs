namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// Which of some folders a process is inside: its working folder or root is there, or it holds a
/// file or folder there open. Found through <c>/proc</c>, so Linux only, and only among the processes
/// this user may look at; folders must be given resolved (<see cref="RealPath"/>), as <c>/proc</c> shows
/// them. Pinned by <c>AtomicReadersTests</c>, with a real reader process inside a tree.
/// </summary>
internal static class FoldersInUse
{
    /// <summary>Those of <paramref name="folders"/> some process is inside; none when <c>/proc</c> cannot tell.</summary>
    public static HashSet<string> Among(IReadOnlyCollection<string> folders)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        if (folders.Count == 0 || !OpenFiles.CanTell) return held;
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                Note(Target(Path.Combine(process, "cwd")), folders, held);
                Note(Target(Path.Combine(process, "root")), folders, held);
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                    Note(Target(fd), folders, held);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or belongs to a user we may not look at.
            }
            if (held.Count == folders.Count) break;
        }
        return held;
    }

    private static string? Target(string link) => new FileInfo(link).LinkTarget;

    private static void Note(string? target, IReadOnlyCollection<string> folders, HashSet<string> held)
    {
        if (target is null) return;
        foreach (var folder in folders)
        {
            if (target == folder || (target.Length > folder.Length && target[folder.Length] == '/' && target.StartsWith(folder, StringComparison.Ordinal)))
                held.Add(folder);
        }
    }
}
