using GitReload.Adapters.Git.FileSystem;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Before the reset: removes every symbolic link of the working tree that the index does not hold
/// as a link. libgit2's checkout follows a link that stands where a folder or file is tracked, and
/// writes, deletes and chmods outside the working tree through it; git replaces such a link with
/// what it tracks. Removed first, each link is then what git leaves: where the new commit has a
/// folder or file the reset makes it, and anywhere else <c>git clean -xdf</c> would have removed it.
/// </summary>
/// <remarks>
/// Relies on: an untracked link never survives an update (the clean removes it), so removing it
/// early changes nothing git would keep, except inside a nested repository, which is never entered,
/// as the clean never enters it; a link the index holds is libgit2's to replace, and libgit2 removes
/// one as a link. Every step is relative to an open folder and never follows a link (<see cref="Folder"/>).
/// Only folders and links are looked at: the walk reads each folder once and stats nothing.
/// Pinned against the git CLI by <c>LibGit2CheckoutsLinkTests</c>.
/// </remarks>
internal static class LinksInTheWay
{
    private const string GitEntry = ".git";

    public static void Remove(Repository repo, TrackedPaths tracked, CancellationToken cancellationToken)
    {
        using var root = Folder.Open(repo.Info.WorkingDirectory);
        Walk(root, "", tracked, cancellationToken);
    }

    private static void Walk(Folder folder, string path, TrackedPaths tracked, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, listed) in FoldersAndLinks(folder))
        {
            var kind = listed == EntryKind.Unknown ? folder.KindOf(name) : listed;
            var full = path + name;
            if (kind == EntryKind.Link)
            {
                if (!tracked.Links.Contains(full)) folder.RemoveFile(name);
            }
            else if (kind == EntryKind.Folder)
            {
                using var child = folder.OpenFolder(name);
                if (child is not null && (tracked.Folders.Contains(full) || !child.Has(GitEntry))) Walk(child, full + "/", tracked, cancellationToken);
            }
        }
    }

    private static List<(string Name, EntryKind Kind)> FoldersAndLinks(Folder folder)
    {
        var entries = new List<(string, EntryKind)>();
        foreach (var entry in folder.Read())
        {
            if (entry.Kind == EntryKind.Other || entry.Name.SequenceEqual(".git"u8)) continue;
            entries.Add((Names.Of(entry.Name), entry.Kind));
        }
        return entries;
    }
}
