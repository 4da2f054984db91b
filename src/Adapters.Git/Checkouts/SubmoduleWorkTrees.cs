using GitReload.Adapters.Git.FileSystem;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The work trees of submodules the new commit drops. <c>git reset --hard</c> leaves such a folder
/// and <c>git clean -xdf</c> keeps it as a nested repository, with files the submodule never
/// committed; libgit2's checkout deletes it. So each populated one (with a <c>.git</c> entry) is
/// moved into the git directory before the reset and put back after it; where the reset made
/// something of that name, its entries go back where their names are free (the reset's files win,
/// as git's do, and the clean then treats the folder as git's does). One left set aside by a
/// process killed in between is put back by the next update.
/// </summary>
/// <remarks>
/// Relies on: moves within one file system, relative to open folders, never through a link
/// (<see cref="Folder"/>). Pinned against the git CLI by
/// <c>LibGit2CheckoutsLikeGitTests.Update_keeps_the_work_tree_of_a_submodule_removed_upstream_like_git</c>.
/// </remarks>
internal sealed class SubmoduleWorkTrees
{
    private const string GitEntry = ".git";
    private readonly string workingTree;
    private readonly string setAside;

    private SubmoduleWorkTrees(Repository repo) =>
        (workingTree, setAside) = (repo.Info.WorkingDirectory, Path.Combine(repo.Info.Path, "gitreload", "submodules"));

    /// <summary>Sets aside the populated submodules of <paramref name="tracked"/> that <paramref name="target"/> drops, to <see cref="PutBack"/> after the reset.</summary>
    public static SubmoduleWorkTrees SetAside(Repository repo, TrackedPaths tracked, Commit target)
    {
        var aside = new SubmoduleWorkTrees(repo);
        aside.PutBack();
        var dropped = tracked.Gitlinks.Where(path => target.Tree[Names.Shown(path)] is not { Mode: Mode.GitLink }).ToList();
        if (dropped.Count == 0) return aside;
        Directory.CreateDirectory(aside.setAside);
        using var root = Folder.Open(aside.workingTree);
        using var into = Folder.Open(aside.setAside);
        foreach (var path in dropped)
        {
            var (parentPath, name) = Split(path);
            using var parent = parentPath.Length == 0 ? null : root.OpenPath(parentPath, make: false);
            var from = parentPath.Length == 0 ? root : parent;
            using var submodule = from?.OpenFolder(name);
            if (submodule is not null && submodule.Has(GitEntry)) from!.Move(name, into, Convert.ToHexString(Names.Bytes(path)));
        }
        return aside;
    }

    /// <summary>Puts every work tree set aside back where it was.</summary>
    public void PutBack()
    {
        if (!Directory.Exists(setAside)) return;
        using var root = Folder.Open(workingTree);
        using var from = Folder.Open(setAside);
        foreach (var (hex, _) in from.List())
        {
            var (parentPath, name) = Split(Names.Of(Convert.FromHexString(hex)));
            using var parent = parentPath.Length == 0 ? null : root.OpenPath(parentPath, make: true);
            var to = parentPath.Length == 0 ? root : parent ?? throw new IOException($"cannot put the submodule {Names.Shown(parentPath)}/{Names.Shown(name)} back: a file is in the way");
            if (!to.Has(name)) from.Move(hex, to, name);
            else Merge(from, hex, to, name);
        }
    }

    private static (string Parent, string Name) Split(string path) =>
        path.LastIndexOf('/') is var slash and >= 0 ? (path[..slash], path[(slash + 1)..]) : ("", path);

    private static void Merge(Folder from, string hex, Folder to, string name)
    {
        using (var kept = from.OpenFolder(hex))
        using (var into = to.OpenFolder(name))
        {
            foreach (var (entry, kind) in kept?.List() ?? [])
            {
                if (into is not null && !into.Has(entry)) kept!.Move(entry, into, entry);
                else Remove(kept!, entry, kind);
            }
        }
        Remove(from, hex, EntryKind.Folder);
    }

    private static void Remove(Folder folder, string name, EntryKind kind)
    {
        using var child = kind == EntryKind.Folder ? folder.OpenFolder(name) : null;
        if (child is null)
        {
            folder.RemoveFile(name);
            return;
        }
        foreach (var (entry, entryKind) in child.List()) Remove(child, entry, entryKind);
        folder.RemoveFolder(name);
    }
}
