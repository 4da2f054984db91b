using GitReload.Adapters.Git.FileSystem;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The paths the index holds (files, links, submodules), every folder above one of them, and
/// which are symbolic links, as <c>/</c>-separated <see cref="Names"/> (bytes, not text) relative
/// to the working tree: what <see cref="WorkingTreeCleaner"/> keeps and <see cref="LinksInTheWay"/> leaves.
/// </summary>
/// <remarks>
/// Relies on: a path is never decoded as UTF-8 (LibGit2Sharp's own paths are, hence the guard in
/// the fallback). Pinned by <c>IndexFileTests</c> and <c>LibGit2CheckoutsNonUtf8Tests</c> (against the git CLI).
/// </remarks>
internal sealed class TrackedPaths
{
    private TrackedPaths(HashSet<string> files, HashSet<string> folders, HashSet<string> links, IReadOnlyList<string> gitlinks) =>
        (Files, Folders, Links, Gitlinks) = (files, folders, links, gitlinks);

    public HashSet<string> Files { get; }

    public HashSet<string> Folders { get; }

    public HashSet<string> Links { get; }

    /// <summary>The submodules.</summary>
    public IReadOnlyList<string> Gitlinks { get; }

    /// <summary>What <paramref name="repo"/>'s index holds, read from its file when <see cref="IndexFile"/> can, else through libgit2.</summary>
    public static TrackedPaths Of(Repository repo)
    {
        var index = repo.Index;
        var entries = IndexFile.Paths(Path.Combine(repo.Info.Path, "index"), index.Count).IfNone(() => ThroughLibGit2(index));
        return Of(entries);
    }

    public static TrackedPaths Of(IndexFile.Entries entries)
    {
        var paths = entries.Paths;
        var files = new HashSet<string>(paths.Count, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            files.Add(path);
            // Folders from the deepest up; once one is known, so are those above it.
            for (var slash = path.LastIndexOf('/'); slash > 0 && folders.Add(path[..slash]); slash = path.LastIndexOf('/', slash - 1)) { }
        }
        return new TrackedPaths(files, folders, entries.Links.ToHashSet(StringComparer.Ordinal), entries.Gitlinks);
    }

    // LibGit2Sharp decodes each path as UTF-8 and turns a byte that is not into U+FFFD: such a path
    // no longer names its file, and guessing could delete a tracked one. Hence a failure instead.
    private static IndexFile.Entries ThroughLibGit2(LibGit2Sharp.Index index)
    {
        var entries = new IndexFile.Entries([], [], []);
        foreach (var entry in index)
        {
            if (entry.Path.Contains('\uFFFD'))
                throw new IOException(
                    $"the index holds a path that is not UTF-8 ({entry.Path}) and is of a kind only libgit2 reads (split or sparse), which cannot give that path exactly; run git update-index --no-split-index, or git sparse-checkout disable");
            var name = Names.FromText(entry.Path);
            entries.Paths.Add(name);
            if (entry.Mode == Mode.SymbolicLink) entries.Links.Add(name);
            else if (entry.Mode == Mode.GitLink) entries.Gitlinks.Add(name);
        }
        return entries;
    }
}
