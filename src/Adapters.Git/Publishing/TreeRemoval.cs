using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Publishing;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Removes trees of a checkout published atomically, and what cut-off runs left. A tree goes to
/// <c>retired/</c> first (one rename: it is never taken for a whole tree again), then is removed with
/// its worktree record, never through a link (<see cref="FolderTree"/>). A tree some process is
/// still inside (<see cref="FoldersInUse"/>: a reader that opened the checkout before it moved on)
/// is left for a later update.
/// </summary>
internal static class TreeRemoval
{
    /// <summary>Removes <paramref name="trees"/> but those in use; returns those left.</summary>
    public static Seq<TreeId> Remove(StoreLayout layout, Seq<TreeId> trees, CancellationToken cancellationToken)
    {
        if (trees.IsEmpty) return trees;
        var inUse = InUse(trees.Map(layout.TreePath));
        var left = trees.Filter(tree => inUse.Contains(layout.TreePath(tree)));
        Retire(layout, trees.Filter(tree => !inUse.Contains(layout.TreePath(tree))), cancellationToken);
        return left;
    }

    /// <summary>
    /// Takes <paramref name="tree"/>, never published, out of <c>building/</c> at once, even with a process still
    /// inside (one a check left running). It is removed now, or by a later sweep once no process is inside.
    /// </summary>
    public static void Discard(StoreLayout layout, TreeId tree, CancellationToken cancellationToken) =>
        Retire(layout, StoreLayout.BuildingFolder, Seq1(tree), cancellationToken);

    private static void Retire(StoreLayout layout, Seq<TreeId> trees, CancellationToken cancellationToken) =>
        Retire(layout, StoreLayout.TreesFolder, trees, cancellationToken);

    // Moves each of trees out of `from` into retired/, then removes what there no process is inside.
    private static void Retire(StoreLayout layout, string from, Seq<TreeId> trees, CancellationToken cancellationToken)
    {
        using var root = Folder.Open(layout.Root);
        using var treesFolder = root.OpenFolder(from);
        if (treesFolder is null) return;
        root.MakeFolder(StoreLayout.RetiredFolder);
        using var retired = root.OpenFolder(StoreLayout.RetiredFolder) ?? throw new IOException($"{root.Shown}/{StoreLayout.RetiredFolder} is not a folder");
        foreach (var tree in trees)
        {
            if (!treesFolder.Has(tree.Folder)) continue;
            // A namesake left by a removal that was cut off.
            if (retired.Has(tree.Folder)) FolderTree.Remove(retired, tree.Folder, cancellationToken);
            treesFolder.Move(tree.Folder, retired, tree.Folder);
        }
        Sweep(layout, StoreLayout.RetiredFolder, cancellationToken);
    }

    /// <summary>Removes everything in <paramref name="folder"/> (<c>building/</c>, <c>retired/</c> or <c>spare/</c>) that no process is inside, with the worktree records of trees there; a spare's index goes with its tree.</summary>
    public static void Sweep(StoreLayout layout, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(layout.Root, folder);
        if (!Directory.Exists(path)) return;
        var entries = Directory.EnumerateFileSystemEntries(path).ToList();
        if (entries.Count == 0) return;
        var inUse = InUse(entries.ToSeq());
        // A spare a process is inside keeps its index: the two go together until both are removed.
        var indexesKept = inUse.Select(e => SpareTree.IndexName(Path.GetFileName(e))).ToHashSet(StringComparer.Ordinal);
        using var parent = Folder.Open(path);
        foreach (var entry in entries.Where(e => !inUse.Contains(e)))
        {
            var name = Path.GetFileName(entry);
            if (indexesKept.Contains(name)) continue;
            FolderTree.Remove(parent, name, cancellationToken);
            foreach (var tree in TreeId.Parse(name)) RemoveRecord(layout, tree, cancellationToken);
        }
    }

    /// <summary>Removes a tree's worktree record from the store.</summary>
    public static void RemoveRecord(StoreLayout layout, TreeId tree, CancellationToken cancellationToken)
    {
        var records = Path.Combine(layout.GitDir, "worktrees");
        if (!Directory.Exists(Path.Combine(records, tree.Folder))) return;
        using var folder = Folder.Open(records);
        FolderTree.Remove(folder, tree.Folder, cancellationToken);
    }

    /// <summary>Those of <paramref name="folders"/> some process is inside, as given.</summary>
    public static System.Collections.Generic.HashSet<string> InUse(Seq<string> folders)
    {
        var resolved = folders.ToDictionary(f => RealPath.Of(f).IfNone(f), f => f, StringComparer.Ordinal);
        return FoldersInUse.Among(resolved.Keys).Select(r => resolved[r]).ToHashSet(StringComparer.Ordinal);
    }
}
