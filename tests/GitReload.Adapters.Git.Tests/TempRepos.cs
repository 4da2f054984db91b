namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// A temp folder with a bare <c>origin.git</c>, an <c>upstream</c> clone that pushes to it, and
/// <c>repos/</c> (the REPODIR) where the checkout under test is cloned.
/// </summary>
internal sealed class TempRepos : IDisposable
{
    private TempRepos()
    {
        Root = Directory.CreateTempSubdirectory("gitreload-git-").FullName;
        Directory.CreateDirectory(RepoDir);
        Git.Run(Root, "init", "--quiet", "--bare", OriginPath);
    }

    public string Root { get; }
    public string RepoDir => Path.Combine(Root, "repos");
    public string OriginPath => Path.Combine(Root, "origin.git");
    public string Checkout => Path.Combine(RepoDir, Some.Repo.Value);
    private string Upstream => Path.Combine(Root, "upstream");

    /// <summary>Origin with one commit on <see cref="Some.Branch"/>, cloned into the checkout.</summary>
    public static TempRepos WithClone()
    {
        var repos = WithEmptyClone();
        repos.Push("README.md", "first");
        Git.Run(repos.Checkout, "pull", "--quiet");
        return repos;
    }

    /// <summary>Origin without any commit, cloned into the checkout.</summary>
    public static TempRepos WithEmptyClone()
    {
        var repos = new TempRepos();
        Git.Run(repos.Root, "clone", "--quiet", repos.OriginPath, repos.Upstream);
        Git.Run(repos.Root, "clone", "--quiet", repos.OriginPath, repos.Checkout);
        return repos;
    }

    /// <summary>Origin with one commit, cloned into the checkout from <paramref name="url"/> with <c>core.sshCommand</c> set to <paramref name="sshCommand"/>.</summary>
    public static TempRepos WithSshClone(Func<string, string> url, string sshCommand)
    {
        var repos = WithClone();
        Directory.Delete(repos.Checkout, recursive: true);
        Git.Run(repos.RepoDir, "clone", "--quiet", "-c", $"core.sshCommand={sshCommand}", url(repos.OriginPath), repos.Checkout);
        return repos;
    }

    /// <summary>An empty REPODIR and an origin nobody cloned.</summary>
    public static TempRepos WithoutClone() => new();

    /// <summary>Commits a file in the upstream clone, pushes it to origin and returns the commit's SHA.</summary>
    public string Push(string file, string content)
    {
        var path = Path.Combine(Upstream, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        Git.Run(Upstream, "add", "--all");
        Git.Run(Upstream, "commit", "--quiet", "-m", $"change {file}");
        Git.Run(Upstream, "push", "--quiet", "origin", Some.Branch);
        return Git.Run(Upstream, "rev-parse", "HEAD");
    }

    /// <summary>A second clone of origin beside REPODIR, for the git command line to do what GitReload does.</summary>
    public string CloneTwin()
    {
        var twin = Path.Combine(Root, "twin", Some.Repo.Value);
        Git.Run(Root, "clone", "--quiet", OriginPath, twin);
        return twin;
    }

    /// <summary>The update as the git command line does it, in <paramref name="clone"/>.</summary>
    public static void UpdateWithGit(string clone)
    {
        Git.Run(clone, "fetch", "--quiet", "--prune");
        Git.Run(clone, "reset", "--quiet", "--hard", $"origin/{Some.Branch}");
        Git.Run(clone, "clean", "-xdf", "--quiet");
    }

    /// <summary>Commits <paramref name="files"/> (ignored ones too) in the upstream clone, pushes them and returns the commit's SHA.</summary>
    public string PushAll(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (file, content) in files)
        {
            var path = Path.Combine(Upstream, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        Git.Run(Upstream, ["add", "--force", "--", .. files.Keys]);
        Git.Run(Upstream, "commit", "--quiet", "-m", $"change {files.Count} files");
        Git.Run(Upstream, "push", "--quiet", "origin", Some.Branch);
        return Git.Run(Upstream, "rev-parse", "HEAD");
    }

    /// <summary>Runs the bash <paramref name="script"/> in the upstream clone, commits all it changed (ignored files too), pushes that and returns the commit's SHA.</summary>
    public string PushScripted(string script)
    {
        Shell.Run(Upstream, script);
        Git.Run(Upstream, "add", "--all", "--force");
        Git.Run(Upstream, "commit", "--quiet", "-m", "scripted change");
        Git.Run(Upstream, "push", "--quiet", "origin", Some.Branch);
        return Git.Run(Upstream, "rev-parse", "HEAD");
    }

    /// <summary>Removes <paramref name="files"/> in the upstream clone, pushes that and returns the commit's SHA.</summary>
    public string PushRemoval(params string[] files)
    {
        Git.Run(Upstream, ["rm", "--quiet", "-r", "--", .. files]);
        Git.Run(Upstream, "commit", "--quiet", "-m", $"remove {files.Length} files");
        Git.Run(Upstream, "push", "--quiet", "origin", Some.Branch);
        return Git.Run(Upstream, "rev-parse", "HEAD");
    }

    public string CheckoutHead() => Git.Run(Checkout, "rev-parse", "HEAD");

    public string InCheckout(string relativePath) => Path.Combine(Checkout, relativePath);

    // rm, since .NET cannot name a file whose name is not UTF-8, and such files are made here.
    public void Dispose() => Shell.Run("/", "rm -rf -- \"$1\"", Root);
}
