using System.Diagnostics;
using System.Globalization;
using GitReload.Adapters.Git.Checkouts;

/// <summary>
/// For <see cref="StepTimes"/>: a run-local bare origin cloned from the given one (objects
/// hardlinked, so the given one never changes), two identical clones of it (one for GitReload, one
/// for the git CLI) and a pusher that adds commits to it the way bench/load.sh does.
/// </summary>
internal sealed class Workspace
{
    private readonly string origin;
    private readonly string pusher;
    private readonly string index;
    private readonly string blobs;
    private readonly string cliClone;

    public Workspace(string work, string givenOrigin)
    {
        origin = Path.Combine(work, "origin.git");
        pusher = Path.Combine(work, "pusher");
        index = Path.Combine(work, "index");
        blobs = Directory.CreateDirectory(Path.Combine(work, "blobs")).FullName;
        Libgit2Clone = Path.Combine(work, "repos", "big-course");
        cliClone = Path.Combine(work, "peer", "big-course");
        Git(work, "clone", "-q", "--bare", givenOrigin, origin);
        Git(work, "clone", "-q", origin, Libgit2Clone);
        Git(work, "clone", "-q", origin, cliClone);
        Git(work, "clone", "-q", "--no-checkout", origin, pusher);
        Described = $"{Git(origin, "ls-tree", "-r", "master").Split('\n').Length:N0} files, " +
            $"{Git(origin, "rev-list", "--count", "master")} commits, " +
            $"{Git(origin, "count-objects", "-vH").Split('\n').Single(l => l.StartsWith("size-pack", StringComparison.Ordinal))[11..]} packed";
    }

    public string Libgit2Clone { get; }

    /// <summary>The second clone: the git CLI's in <see cref="StepTimes"/>, the one published atomically in <see cref="PublishTimes"/>.</summary>
    public string PeerClone => cliClone;

    /// <summary>What GitReload's last update left in its clone, as LibGit2Checkouts remembers it.</summary>
    public LanguageExt.Option<LeftBehind> LeftBehind { get; set; }

    /// <summary>The origin as it was before any push: files, commits, size of its packs.</summary>
    public string Described { get; }

    /// <summary>A commit on origin's master that rewrites 50 random files and adds one; its SHA.</summary>
    public string Push()
    {
        var parent = Git(pusher, "rev-parse", "refs/remotes/origin/master");
        WithIndex(pusher, index, null, "read-tree", parent);
        var files = Enumerable.Range(0, 50).Select(k => Path.Combine(blobs, $"b{k}")).ToArray();
        var content = new byte[5000];
        foreach (var file in files)
        {
            Random.Shared.NextBytes(content);
            File.WriteAllBytes(file, content);
        }
        var shas = Git(pusher, ["hash-object", "-w", "--", .. files]).Split('\n');
        var stamp = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(blobs, "new"), stamp);
        var added = Git(pusher, "hash-object", "-w", "--", Path.Combine(blobs, "new"));
        var entries = shas.Select(sha => $"100644 {sha}\td{Random.Shared.Next(100):00}/f{Random.Shared.Next(200):000}")
            .Append($"100644 {added}\tnew-{stamp}");
        WithIndex(pusher, index, string.Join('\n', entries) + "\n", "update-index", "--add", "--index-info");
        var tree = WithIndex(pusher, index, null, "write-tree");
        var commit = Git(pusher, "commit-tree", tree, "-p", parent, "-m", "bench push");
        Git(pusher, "push", "-q", "origin", $"{commit}:refs/heads/master");
        Git(pusher, "fetch", "-q", "origin");
        return commit;
    }

    /// <summary>The same untracked files and folders in both clones, for the clean step to remove.</summary>
    public void LeaveLeftovers()
    {
        foreach (var clone in new[] { Libgit2Clone, cliClone })
        {
            File.WriteAllText(Path.Combine(clone, "stray.txt"), "untracked");
            File.WriteAllText(Path.Combine(clone, "d07", "stray.txt"), "untracked in a tracked folder");
            var build = Directory.CreateDirectory(Path.Combine(clone, "build", "out")).FullName;
            for (var i = 0; i < 20; i++) File.WriteAllText(Path.Combine(build, $"part{i}.bin"), "untracked");
        }
    }

    public void Cli(string step)
    {
        switch (step)
        {
            case "fetch": Git(cliClone, "fetch", "-q"); break;
            case "reset": Git(cliClone, "reset", "-q", "--hard", "origin/master"); break;
            case "clean": Git(cliClone, "clean", "-qxdf"); break;
            default: throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    /// <summary>The git CLI update as bench/load.sh's peer runs it: three commands in one shell.</summary>
    public void CliAllThree() =>
        Run("sh", cliClone, null, null, "-c", "git fetch -q && git reset -q --hard origin/master && git clean -qxdf");

    public void CheckBothAt(string sha)
    {
        foreach (var clone in new[] { Libgit2Clone, cliClone })
        {
            if (Git(clone, "rev-parse", "HEAD") != sha) throw new InvalidOperationException($"{clone} is not at {sha}");
            // Without optional locks, git status leaves the index as it is, as GitReload's next update must find it.
            if (Git(clone, "--no-optional-locks", "status", "--porcelain", "--ignored") is { Length: > 0 } left)
                throw new InvalidOperationException($"{clone} is not clean: {left}");
        }
    }

    private static string Git(string dir, params string[] args) => Run("git", dir, null, null, args);

    private static string WithIndex(string dir, string indexFile, string? input, params string[] args) => Run("git", dir, indexFile, input, args);

    private static string Run(string program, string dir, string? indexFile, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (indexFile is not null) start.Environment["GIT_INDEX_FILE"] = indexFile;
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "bench";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "bench@example.invalid";
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result.Trim()
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed in {dir}: {errors}");
    }
}
