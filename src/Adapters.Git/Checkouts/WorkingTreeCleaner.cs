using System.IO.Enumeration;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Removes untracked and ignored files and directories the way <c>git clean -xdf</c> does: every
/// path the index does not hold goes, whatever the ignore rules say, except a nested repository (a
/// directory with a <c>.git</c> entry), which git keeps without a second <c>-f</c>. A symbolic link
/// goes as a link and is never followed. libgit2's own <c>RemoveUntrackedFiles</c> keeps ignored
/// files and deletes nested repositories, the opposite of what git does on both counts.
/// </summary>
/// <remarks>
/// A walk of the folders against the index's paths, like git's own: reading a folder gives each
/// name and its type, so a tracked file costs a set lookup and no stat. The status libgit2 would
/// compute instead stats every tracked file and diffs HEAD against the index as well (docs/BENCHMARKS.md).
/// </remarks>
internal static class WorkingTreeCleaner
{
    public static void Clean(Repository repo, CancellationToken cancellationToken)
    {
        var tracked = TrackedPaths.Of(repo);
        CleanFolder(repo.Info.WorkingDirectory, "", tracked, cancellationToken);
    }

    private static void CleanFolder(string root, string folder, TrackedPaths tracked, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, isFolder) in Untracked(Path.Combine(root, folder), folder, tracked))
        {
            var path = folder + name;
            var full = Path.Combine(root, path);
            var isRealFolder = isFolder && !IsLink(full);
            if (tracked.Folders.Contains(path))
            {
                // A tracked folder that is not a folder any more (the reset would have made it one) is left alone.
                if (isRealFolder) CleanFolder(root, path + "/", tracked, cancellationToken);
            }
            else if (isRealFolder)
            {
                RemoveTree(full);
            }
            else
            {
                File.Delete(full);
            }
        }
    }

    // Removes a folder nobody tracks and everything in it but nested repositories; true when it is gone.
    private static bool RemoveTree(string folder)
    {
        if (IsRepository(folder)) return false;
        var emptied = true;
        foreach (var (name, isFolder) in Entries(folder))
        {
            var full = Path.Combine(folder, name);
            if (isFolder && !IsLink(full)) emptied &= RemoveTree(full);
            else File.Delete(full);
        }
        if (emptied) Directory.Delete(folder);
        return emptied;
    }

    // The entries of a folder of the working tree that the index does not hold as files: names and
    // whether each is a folder. A tracked file is looked up without making a string of its path.
    private static List<(string Name, bool IsFolder)> Untracked(string full, string folder, TrackedPaths tracked)
    {
        var files = tracked.Files.GetAlternateLookup<ReadOnlySpan<char>>();
        var path = new char[folder.Length + 256];
        folder.CopyTo(path);
        return new FileSystemEnumerable<(string, bool)>(full, (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), Options)
        {
            // Git never lists a .git entry, wherever it is: a repository made inside a tracked folder stays.
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
            {
                var name = entry.FileName;
                if (name.SequenceEqual(".git")) return false;
                if (folder.Length + name.Length > path.Length) System.Array.Resize(ref path, folder.Length + name.Length);
                name.CopyTo(path.AsSpan(folder.Length));
                return !files.Contains(path.AsSpan(0, folder.Length + name.Length));
            },
        }.ToList();
    }

    // Names and whether each is a folder (or a link to one), from the folder's entries: no stat for a plain file or folder.
    private static List<(string Name, bool IsFolder)> Entries(string folder) =>
        new FileSystemEnumerable<(string, bool)>(folder, (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), Options).ToList();

    private static readonly EnumerationOptions Options = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    // Only asked of folders: a link to a folder goes as a link, and what it points to is never entered.
    private static bool IsLink(string path) => File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint);

    // Like git without a second -f: a nested repository may hold work that exists nowhere else.
    private static bool IsRepository(string folder) => Path.Exists(Path.Combine(folder, ".git"));
}
