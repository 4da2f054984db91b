using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The paths the index holds (files, links, submodules), and every folder above one of them, as
/// <c>/</c>-separated paths relative to the working tree: what <see cref="WorkingTreeCleaner"/> keeps.
/// </summary>
internal sealed class TrackedPaths
{
    private TrackedPaths(HashSet<string> files, HashSet<string> folders) => (Files, Folders) = (files, folders);

    public HashSet<string> Files { get; }

    public HashSet<string> Folders { get; }

    /// <summary>What <paramref name="repo"/>'s index holds, read from its file when <see cref="IndexFile"/> can, else through libgit2.</summary>
    public static TrackedPaths Of(Repository repo)
    {
        var index = repo.Index;
        var paths = IndexFile.Paths(Path.Combine(repo.Info.Path, "index"), index.Count)
            .IfNone(() => index.Select(entry => entry.Path).ToList());
        return Of(paths);
    }

    public static TrackedPaths Of(IReadOnlyCollection<string> paths)
    {
        var files = new HashSet<string>(paths.Count, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            files.Add(path);
            // Folders from the deepest up; once one is known, so are those above it.
            for (var slash = path.LastIndexOf('/'); slash > 0 && folders.Add(path[..slash]); slash = path.LastIndexOf('/', slash - 1)) { }
        }
        return new TrackedPaths(files, folders);
    }
}
