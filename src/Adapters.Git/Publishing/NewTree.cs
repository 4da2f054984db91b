using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Publishing;
using LanguageExt;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Checks a commit out as a new tree of a checkout published atomically: a git worktree of the
/// store (a <c>.git</c> file naming its record in <c>repo.git/worktrees/</c>, HEAD detached at the
/// commit, an index of its own), made in <c>building/</c>, where it stays while it is checked; it enters
/// <c>trees/</c> only when it is published (<see cref="Enter"/>), so a run cut off before (a crash, <c>kill -9</c>,
/// during the checkout or the check) leaves nothing that passes for a tree, and the next update removes
/// what it left. It is made from the spare tree when
/// there is one (<see cref="SpareTree"/>, <see cref="TreeReuse"/>: only what differs is written), else
/// with the published tree's unchanged files hard-linked (<see cref="TreeBuilder"/>).
/// </summary>
internal static class NewTree
{
    public static TreeBuilder.Built Make(StoreLayout layout, TreeId tree, Commit commit, Option<TreeBuilder.BaseTree> baseTree, CancellationToken cancellationToken)
    {
        using var root = Folder.Open(layout.Root);
        root.MakeFolder(StoreLayout.BuildingFolder);
        using var building = root.OpenFolder(StoreLayout.BuildingFolder) ?? throw NotAFolder(root, StoreLayout.BuildingFolder);
        if (building.Has(tree.Folder)) FolderTree.Remove(building, tree.Folder, cancellationToken);
        var spare = SpareTree.Take(layout, tree, cancellationToken);
        if (spare.IsNone) building.MakeFolder(tree.Folder);
        WriteRecord(layout, tree, layout.BuildingPath(tree));
        TreeBuilder.Built built;
        using (var into = building.OpenFolder(tree.Folder) ?? throw NotAFolder(building, tree.Folder))
        {
            if (spare.IsSome) FolderTree.Remove(into, ".git", cancellationToken);
            // Relative, as git-sync writes it: REPODIR may be mounted or moved elsewhere.
            into.WriteNewFile(".git", $"gitdir: ../../{StoreLayout.GitFolder}/worktrees/{tree.Folder}\n");
            using var worktree = new Repository(Path.Combine(layout.Building, tree.Folder));
            worktree.Index.Replace(commit.Tree);
            worktree.Index.Write();
            var index = TreeIndex.Read(layout.IndexOf(tree)).IfNone(() => throw new IOException($"the index libgit2 wrote for {tree} cannot be read"));
            built = spare.Match(
                Some: taken => TreeReuse.Rebuild(worktree, index, into, taken.Index, baseTree, cancellationToken),
                None: () => TreeBuilder.Build(worktree, index, into, baseTree, _ => false, cancellationToken));
            index.Save(layout.IndexOf(tree));
        }
        return built;
    }

    /// <summary>
    /// Moves <paramref name="tree"/>, checked, from <c>building/</c> into <c>trees/</c>, right before it is published.
    /// Its <c>.git</c> file names the store relatively from either folder (both are two below the store's root);
    /// the record's way back to the tree is written anew.
    /// </summary>
    public static void Enter(StoreLayout layout, TreeId tree)
    {
        using var root = Folder.Open(layout.Root);
        root.MakeFolder(StoreLayout.TreesFolder);
        using var building = root.OpenFolder(StoreLayout.BuildingFolder) ?? throw NotAFolder(root, StoreLayout.BuildingFolder);
        using var trees = root.OpenFolder(StoreLayout.TreesFolder) ?? throw NotAFolder(root, StoreLayout.TreesFolder);
        building.Move(tree.Folder, trees, tree.Folder);
        WriteGitDir(layout.Record(tree), layout.TreePath(tree));
    }

    // What `git worktree add --detach` writes: HEAD, the way to the store, and the way back to the tree.
    private static void WriteRecord(StoreLayout layout, TreeId tree, string folder)
    {
        var record = layout.Record(tree);
        if (Directory.Exists(record)) Directory.Delete(record, recursive: true);
        Directory.CreateDirectory(record);
        File.WriteAllText(Path.Combine(record, "HEAD"), tree.Sha + "\n");
        File.WriteAllText(Path.Combine(record, "commondir"), "../..\n");
        WriteGitDir(record, folder);
    }

    private static void WriteGitDir(string record, string folder) =>
        File.WriteAllText(Path.Combine(record, "gitdir"), Path.Combine(Path.GetFullPath(folder), ".git") + "\n");

    private static IOException NotAFolder(Folder parent, string name) => new($"{parent.Shown}/{name} is not a folder");
}
