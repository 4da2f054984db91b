using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>Opens a folder under <c>REPODIR</c> only when it is a checkout of its own.</summary>
internal static class WorkingTree
{
    /// <summary>The working tree at <paramref name="path"/>, or null when there is none.</summary>
    public static Repository? Open(string path)
    {
        // IsValid does not search parent folders, but it accepts a bare repository, and a folder
        // that is itself a .git directory, whose working tree would be REPODIR: updating that
        // would clean every other checkout away. Hence the .git entry must be inside the folder.
        var dotGit = Path.Combine(path, ".git");
        if (!(Directory.Exists(dotGit) || File.Exists(dotGit))) return null;
        Repository repo;
        try
        {
            // Opening once, not Repository.IsValid then open: IsValid opens the repository too,
            // and was 30% of every push's Inspect (docs/BENCHMARKS.md). Neither searches parent folders.
            repo = new Repository(path);
        }
        catch (RepositoryNotFoundException)
        {
            return null;
        }
        if (!repo.Info.IsBare) return repo;
        repo.Dispose();
        return null;
    }
}
