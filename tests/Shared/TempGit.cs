using System.Diagnostics;

namespace GitReload.Tests.Shared;

/// <summary>
/// Real git repositories in a temp folder: for each name a bare origin, an upstream working clone
/// that pushes new commits, and the checkout under <see cref="RepoDir"/> that GitReload manages.
/// </summary>
internal sealed class TempGit : IDisposable
{
    public TempGit()
    {
        Root = Path.Combine(Path.GetTempPath(), "gitreload-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(RepoDir);
    }

    public string Root { get; }

    public string RepoDir => Path.Combine(Root, "repos");

    public string OriginOf(string name) => Path.Combine(Root, "origins", name + ".git");

    public string CheckoutOf(string name) => Path.Combine(RepoDir, name);

    private string UpstreamOf(string name) => Path.Combine(Root, "upstream", name);

    /// <summary>Creates origin with one commit on <paramref name="branch"/> and clones it under REPODIR.</summary>
    public string Clone(string name, string branch = "master")
    {
        Run(Root, "init", "--quiet", "--bare", "--initial-branch", branch, OriginOf(name));
        Run(Root, "clone", "--quiet", OriginOf(name), UpstreamOf(name));
        Run(UpstreamOf(name), "checkout", "--quiet", "-B", branch);
        Commit(name, "README.md", "first\n", branch);
        Run(Root, "clone", "--quiet", "--branch", branch, OriginOf(name), CheckoutOf(name));
        return CheckoutOf(name);
    }

    /// <summary>Pushes a new commit to origin's <paramref name="branch"/> and returns its SHA.</summary>
    public string Commit(string name, string file, string content, string branch = "master")
    {
        var upstream = UpstreamOf(name);
        Run(upstream, "checkout", "--quiet", "-B", branch);
        File.WriteAllText(Path.Combine(upstream, file), content);
        Run(upstream, "add", file);
        Run(upstream, "commit", "--quiet", "-m", "change " + file);
        Run(upstream, "push", "--quiet", "origin", branch);
        return Head(upstream);
    }

    /// <summary>Gives <paramref name="path"/> and everything in it to <paramref name="uid"/>, as a clone made with sudo belongs to root.</summary>
    public static void Chown(string path, int uid)
    {
        using var chown = Process.Start("chown", ["-R", $"{uid}:{uid}", path]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
            throw new InvalidOperationException($"chown -R {uid} {path} failed");
    }

    public static string Head(string repo) => Run(repo, "rev-parse", "HEAD");

    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "user.name=GitReload Tests", "-c", "user.email=tests@gitreload.invalid", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result.Trim();
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A job still holding a file must not fail the test that owns this folder.
        }
    }
}
