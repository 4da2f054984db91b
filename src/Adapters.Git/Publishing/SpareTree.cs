using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Publishing;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// A tree beyond <c>PUBLISH_KEEP</c>, set aside in <c>spare/</c> with its index instead of removed, so that
/// the next update makes it into the new tree by rewriting only what differs (<see cref="TreeReuse"/>)
/// rather than linking every file of the published tree afresh. A spare is no rollback target and no
/// git worktree (its record goes); a spare some process is inside is never taken, and is removed by a
/// later sweep like any other tree no one is inside.
/// </summary>
/// <remarks>
/// Relies on: nothing ever writes into a file of a spare (its files are shared with the trees kept):
/// <see cref="TreeReuse"/> unlinks every entry that is not exactly what the new commit holds before
/// it writes. Pinned by <c>AtomicReuseTests</c> against a fresh <c>git checkout</c> of each commit.
/// </remarks>
internal static class SpareTree
{
    private const string IndexSuffix = ".index";

    /// <summary>The name of the index file beside the spare <paramref name="folder"/>.</summary>
    public static string IndexName(string folder) => folder + IndexSuffix;

    /// <summary>A spare, moved into <c>building/</c> under a new tree's name, and the index it was made with.</summary>
    public sealed record Taken(TreeId Was, TreeIndex Index);

    /// <summary>Moves <paramref name="tree"/> from <c>trees/</c> into <c>spare/</c> with its index, after removing older spares no one is inside.</summary>
    public static void SetAside(StoreLayout layout, TreeId tree, CancellationToken cancellationToken)
    {
        TreeRemoval.Sweep(layout, StoreLayout.SpareFolder, cancellationToken);
        using var root = Folder.Open(layout.Root);
        using var trees = root.OpenFolder(StoreLayout.TreesFolder) ?? throw new IOException($"{root.Shown}/{StoreLayout.TreesFolder} is not a folder");
        root.MakeFolder(StoreLayout.SpareFolder);
        using var spare = root.OpenFolder(StoreLayout.SpareFolder) ?? throw new IOException($"{root.Shown}/{StoreLayout.SpareFolder} is not a folder");
        // A spare without its index (a run cut off here) is never taken, and the next sweep removes it with its record.
        trees.Move(tree.Folder, spare, tree.Folder);
        using (var record = Folder.Open(layout.Record(tree))) record.Move("index", spare, tree.Folder + IndexSuffix);
        TreeRemoval.RemoveRecord(layout, tree, cancellationToken);
    }

    /// <summary>The newest spare no process is inside, moved to <c>building/</c> as <paramref name="into"/>; nothing when there is none.</summary>
    public static Option<Taken> Take(StoreLayout layout, TreeId into, CancellationToken cancellationToken)
    {
        var spares = layout.Spares();
        if (spares.IsEmpty) return None;
        var inUse = TreeRemoval.InUse(spares.Map(tree => Path.Combine(layout.Spare, tree.Folder)));
        foreach (var tree in spares.Filter(tree => !inUse.Contains(Path.Combine(layout.Spare, tree.Folder))))
        {
            var indexFile = Path.Combine(layout.Spare, tree.Folder + IndexSuffix);
            foreach (var index in TreeIndex.Read(indexFile))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var spare = Folder.Open(layout.Spare);
                using var building = Folder.Open(layout.Building);
                spare.Move(tree.Folder, building, into.Folder);
                spare.RemoveFile(tree.Folder + IndexSuffix);
                return new Taken(tree, index);
            }
        }
        return None;
    }
}
