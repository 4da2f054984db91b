using GitReload.Adapters.Git.FileSystem;
using LanguageExt;
using LibGit2Sharp;
using static GitReload.Adapters.Git.GitIndexFormat;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Makes a spare tree (<see cref="SpareTree"/>) into the tree of a new index, in place in <c>building/</c>:
/// an entry stays only when the new commit holds it with the same content and mode as the spare's index
/// recorded, under the same <c>.gitattributes</c>, and it is still as recorded (same inode, size and modification time, same executable bit);
/// everything else the walk finds goes (untracked files, folders and links readers left, files changed
/// in place), then every entry the new index holds that did not stay is written, through
/// <see cref="TreeBuilder"/>. Costs a look at each entry and a write of each changed file, where
/// building from the published tree costs a hard link for each file.
/// </summary>
/// <remarks>
/// Relies on: no file is ever written where it stands, so the spare's files, shared with the published
/// and kept trees through hard links, never change under them: what does not stay is unlinked (a link
/// as a link, a folder through <see cref="FolderTree"/>, never followed), and writing creates a new
/// file (<c>O_EXCL</c>). Pinned against a fresh <c>git checkout</c> of each commit by <c>AtomicReuseTests</c>.
/// </remarks>
internal static class TreeReuse
{

    /// <summary>Makes the tree at <paramref name="root"/> (the spare, its <c>.git</c> file written anew) hold <paramref name="index"/>'s entries; records their status in <paramref name="index"/>.</summary>
    public static TreeBuilder.Built Rebuild(Repository worktree, TreeIndex index, Folder root, TreeIndex spare, Option<TreeBuilder.BaseTree> baseTree, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<string, int>(index.Entries.Count, StringComparer.Ordinal);
        var folders = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < index.Entries.Count; i++)
        {
            var path = index.Entries[i].Path;
            foreach (var part in path.Split('/')) TreeBuilder.Refuse(part, path);
            wanted[path] = i;
            for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1)) folders.Add(path[..slash]);
        }
        var had = new Dictionary<string, TreeIndex.Entry>(spare.Entries.Count, StringComparer.Ordinal);
        if (index.SameAttributes(spare))
            foreach (var entry in spare.Entries) had[entry.Path] = entry;
        var stays = new bool[index.Entries.Count];
        var sift = new Sift(index, spare, wanted, folders, had, stays, cancellationToken);
        var kept = sift.Walk(root, "");

        var built = TreeBuilder.Build(worktree, index, root, baseTree, at => stays[at], cancellationToken);
        return built with { Linked = built.Linked + kept };
    }

    private sealed class Sift(
        TreeIndex index, TreeIndex spare, Dictionary<string, int> wanted, System.Collections.Generic.HashSet<string> folders,
        Dictionary<string, TreeIndex.Entry> had, bool[] stays, CancellationToken cancellationToken)
    {
        // Removes from `folder` (at `prefix`) what may not stay; returns how many entries stayed.
        public int Walk(Folder folder, string prefix)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kept = 0;
            foreach (var (name, kind) in folder.List())
            {
                // The tree's own .git file, written anew before the walk.
                if (prefix.Length == 0 && name == ".git") continue;
                var path = prefix.Length == 0 ? name : $"{prefix}/{name}";
                if (kind == EntryKind.Folder && folders.Contains(path))
                {
                    using var inside = folder.OpenFolder(name);
                    if (inside is not null)
                    {
                        kept += Walk(inside, path);
                        continue;
                    }
                }
                if (kind != EntryKind.Folder && wanted.TryGetValue(path, out var at) && Stays(folder, name, index.Entries[at], path))
                {
                    stays[at] = true;
                    kept++;
                    continue;
                }
                FolderTree.Remove(folder, name, cancellationToken);
            }
            return kept;
        }

        private bool Stays(Folder folder, string name, TreeIndex.Entry entry, string path)
        {
            if (!had.TryGetValue(path, out var before)) return false;
            var mode = index.Mode(entry);
            if (mode != spare.Mode(before) || !index.Id(entry).SequenceEqual(spare.Id(before))) return false;
            var type = mode & TypeMask;
            if (type is not (RegularFile or SymbolicLink)) return false;
            var now = folder.Stat(name);
            var stays = now.Exists(s => spare.Unchanged(before, s) && (type == RegularFile
                ? s.IsFile && ((s.Mode & OwnerExecutes) != 0) == ((mode & OwnerExecutes) != 0)
                : s.IsLink));
            foreach (var found in now.Filter(_ => stays)) index.Record(entry, found);
            return stays;
        }
    }
}
