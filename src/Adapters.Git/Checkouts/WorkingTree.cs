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
        if (!(Directory.Exists(dotGit) || File.Exists(dotGit)) || !Repository.IsValid(path)) return null;
        var repo = new Repository(path);
        if (!repo.Info.IsBare) return repo;
        repo.Dispose();
        return null;
    }
}
