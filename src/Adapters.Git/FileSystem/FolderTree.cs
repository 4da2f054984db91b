namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// Removes a folder with everything in it, relative to open folders and never through a link: a
/// link inside goes as a link, and a folder swapped for a link meanwhile goes as that link.
/// Pinned by <c>LibGit2CheckoutsLinkTests</c> (through the clean) and <c>AtomicLinkTests</c>.
/// </summary>
internal static class FolderTree
{
    /// <summary>
    /// Removes <paramref name="name"/> of <paramref name="parent"/>: a folder with what it holds, save the
    /// folders <paramref name="keep"/> says to leave (with the folders above them); anything else as it is.
    /// True when it is gone.
    /// </summary>
    public static bool Remove(Folder parent, string name, Func<Folder, bool> keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var folder = parent.OpenFolder(name);
        if (folder is null)
        {
            parent.RemoveFile(name);
            return true;
        }
        if (keep(folder)) return false;
        var emptied = true;
        foreach (var (child, kind) in folder.List())
        {
            if (kind == EntryKind.Folder) emptied &= Remove(folder, child, keep, cancellationToken);
            else folder.RemoveFile(child);
        }
        if (emptied) parent.RemoveFolder(name);
        return emptied;
    }

    /// <summary>Removes <paramref name="name"/> of <paramref name="parent"/> and everything in it.</summary>
    public static void Remove(Folder parent, string name, CancellationToken cancellationToken) => Remove(parent, name, _ => false, cancellationToken);
}
