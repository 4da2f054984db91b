using System.Text;
using GitReload.Adapters.Git.FileSystem;
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
/// Relies on: names are compared as bytes (<see cref="Names"/>: the index's and the folder's alike),
/// and every open and removal is relative to an open folder and never follows a link
/// (<see cref="Folder"/>), so nothing outside the working tree is reached. Pinned against the git
/// CLI by <c>LibGit2CheckoutsLikeGitTests</c>, <c>LibGit2CheckoutsNonUtf8Tests</c> and <c>LibGit2CheckoutsLinkTests</c>.
/// </remarks>
internal static class WorkingTreeCleaner
{
    private const string GitEntry = ".git";

    public static void Clean(Repository repo, CancellationToken cancellationToken)
    {
        var tracked = TrackedPaths.Of(repo);
        using var root = Folder.Open(repo.Info.WorkingDirectory);
        CleanFolder(root, "", tracked, cancellationToken);
    }

    private static void CleanFolder(Folder folder, string path, TrackedPaths tracked, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, kind) in Untracked(folder, path, tracked))
        {
            if (tracked.Folders.Contains(path + name))
            {
                // A tracked folder that is not a folder any more (the reset would have made it one) is left alone.
                using var child = kind == EntryKind.Folder ? folder.OpenFolder(name) : null;
                if (child is not null) CleanFolder(child, path + name + "/", tracked, cancellationToken);
            }
            else if (kind == EntryKind.Folder)
            {
                RemoveTree(folder, name);
            }
            else
            {
                folder.RemoveFile(name);
            }
        }
    }

    // Removes a folder nobody tracks and everything in it but nested repositories.
    private static void RemoveTree(Folder parent, string name) => FolderTree.Remove(parent, name, folder => folder.Has(GitEntry), CancellationToken.None);

    // The entries of a folder of the working tree that the index does not hold as files: names and
    // kinds. A tracked file is looked up without making a string of its path.
    private static List<(string Name, EntryKind Kind)> Untracked(Folder folder, string path, TrackedPaths tracked)
    {
        var files = tracked.Files.GetAlternateLookup<ReadOnlySpan<char>>();
        var key = new char[path.Length + 256];
        path.CopyTo(key);
        var untracked = new List<(string, EntryKind)>();
        foreach (var entry in folder.Read())
        {
            // Git never lists a .git entry, wherever it is: a repository made inside a tracked folder stays.
            if (entry.Name.SequenceEqual(".git"u8)) continue;
            if (path.Length + entry.Name.Length > key.Length) Array.Resize(ref key, path.Length + entry.Name.Length);
            var length = path.Length + Encoding.Latin1.GetChars(entry.Name, key.AsSpan(path.Length));
            if (files.Contains(key.AsSpan(0, length))) continue;
            untracked.Add((new string(key, path.Length, entry.Name.Length), entry.Kind));
        }
        return folder.Resolved(untracked);
    }
}
