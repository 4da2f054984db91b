using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Removes untracked and ignored files and directories the way <c>git clean -xdf</c> does.
/// libgit2's own <c>RemoveUntrackedFiles</c> keeps ignored files and deletes nested repositories,
/// the opposite of what git does on both counts.
/// </summary>
internal static class WorkingTreeCleaner
{
    private static readonly StatusOptions Leftovers = new()
    {
        IncludeUntracked = true,
        IncludeIgnored = true,
        RecurseUntrackedDirs = false,
        RecurseIgnoredDirs = false,
    };

    public static void Clean(Repository repo, CancellationToken cancellationToken)
    {
        var root = repo.Info.WorkingDirectory;
        var entries = repo.RetrieveStatus(Leftovers)
            .Where(entry => entry.State.HasFlag(FileStatus.NewInWorkdir) || entry.State.HasFlag(FileStatus.Ignored))
            .Select(entry => entry.FilePath.TrimEnd('/'))
            .ToList();
        foreach (var path in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.Combine(root, path);
            Remove(Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full));
        }
    }

    private static bool Remove(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && directory.LinkTarget is null) return RemoveTree(directory);
        // A symbolic link goes as a link: what it points to may be outside the checkout.
        File.Delete(entry.FullName);
        return true;
    }

    private static bool RemoveTree(DirectoryInfo directory)
    {
        if (IsRepository(directory)) return false;
        var emptied = directory.GetFileSystemInfos().Aggregate(true, (all, entry) => Remove(entry) && all);
        if (emptied) directory.Delete();
        return emptied;
    }

    // Like git without a second -f: a nested repository may hold work that exists nowhere else.
    private static bool IsRepository(DirectoryInfo directory)
    {
        var dotGit = Path.Combine(directory.FullName, ".git");
        return Directory.Exists(dotGit) || File.Exists(dotGit);
    }
}
