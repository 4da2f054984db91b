using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using LibGit2Sharp;

/// <summary>
/// LibGit2Checkouts.Inspect on a real clone (bare origin + clone in a temp folder): the one disk
/// read every accepted push pays. <see cref="Inspect"/> is every push after the first (the
/// config is known, HEAD is read from its file); <see cref="InspectWithLibGit2"/> is a first push
/// or one right after the config changed. The libgit2 parts show where the latter's time goes.
/// </summary>
public class InspectBenchmarks
{
    private string root = "";
    private string clone = "";
    private LibGit2Checkouts checkouts = null!;
    private RepoName repo = null!;

    [GlobalSetup]
    public void Setup()
    {
        root = Directory.CreateTempSubdirectory("gitreload-bench-").FullName;
        var origin = Path.Combine(root, "origin.git");
        var repos = Path.Combine(root, "repos");
        clone = Path.Combine(repos, "Hello-World");
        Directory.CreateDirectory(repos);
        Git(root, "init", "-q", "--bare", "-b", "master", origin);
        Git(root, "clone", "-q", origin, clone);
        File.WriteAllText(Path.Combine(clone, "README"), "hello\n");
        Git(clone, "add", "README");
        Git(clone, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", "first");
        Git(clone, "push", "-q", "origin", "master");
        checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos));
        repo = RepoName.Parse("Hello-World").IfLeft(_ => throw new InvalidOperationException());
        // As on a server: the clone was made long ago, so what libgit2 read of its config is kept.
        File.SetLastWriteTimeUtc(Path.Combine(clone, ".git", "config"), DateTime.UtcNow - TimeSpan.FromHours(1));
        Inspect().Wait();
    }

    private LibGit2Checkouts unsettled = null!;

    [GlobalSetup(Target = nameof(InspectWithLibGit2))]
    public void SetupUnsettled()
    {
        Setup();
        // A config stamped in the future never counts as settled: every Inspect opens the repository.
        File.SetLastWriteTimeUtc(Path.Combine(clone, ".git", "config"), DateTime.UtcNow + TimeSpan.FromDays(1));
        unsettled = new LibGit2Checkouts(new GitCheckoutSettings(Path.GetDirectoryName(clone)!));
    }

    private Repository open = null!;

    [GlobalSetup(Target = nameof(HeadAndOriginOnAnOpenRepository))]
    public void SetupOpen()
    {
        Setup();
        open = new Repository(clone);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        open?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<CheckoutState> Inspect() => checkouts.Inspect(repo, CancellationToken.None);

    [Benchmark]
    public Task<CheckoutState> InspectWithLibGit2() => unsettled.Inspect(repo, CancellationToken.None);

    [Benchmark]
    public bool IsValid() => Repository.IsValid(clone);

    [Benchmark]
    public string OpenAndReadHead()
    {
        using var r = new Repository(clone);
        return r.Head.FriendlyName;
    }

    [Benchmark]
    public string? OpenReadHeadAndOrigin()
    {
        using var r = new Repository(clone);
        _ = r.Head.FriendlyName;
        return r.Network.Remotes["origin"]?.Url;
    }

    // What a kept-open handle would still pay per push: HEAD and the origin URL re-read from disk.
    [Benchmark]
    public string? HeadAndOriginOnAnOpenRepository()
    {
        if (open.Info.IsHeadDetached) return null;
        _ = open.Head.FriendlyName;
        return open.Network.Remotes["origin"]?.Url;
    }

    private static void Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {err}");
    }
}
