using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitReload.Adapters.Git.Checkouts;
using LibGit2Sharp;
using Xunit.Abstractions;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// The property that matters, measured: a reader process reads two files that carry the same
/// version stamp in every commit (<c>first.txt</c> and <c>z/last.txt</c>, with 20 files between them
/// that change too), in a tight loop, while 200 updates run. It opens the checkout folder once per
/// pair of reads (<c>cd</c>), as a reader of a checkout published atomically must (README, "Atomic
/// publish"). In place a reader meets two commits at once, or a file missing or empty; atomically never.
/// </summary>
public sealed class AtomicReadersTests(ITestOutputHelper output)
{
    private const int UpdateCount = 200;
    private const int FilesBetween = 20;

    // POSIX sh with builtins only: no process per read, so the loop is tight.
    private const string Reader = """
        reads=0; mixed=0; missing=0; moves=0; last=
        while [ ! -e "$2" ]; do
          if cd "$1" 2>/dev/null; then
            a=; b=
            { read -r a < first.txt; } 2>/dev/null
            { read -r b < z/last.txt; } 2>/dev/null
            cd /
            reads=$((reads + 1))
            if [ -z "$a" ] || [ -z "$b" ]; then missing=$((missing + 1))
            elif [ "$a" != "$b" ]; then mixed=$((mixed + 1))
            elif [ "$a" != "$last" ]; then moves=$((moves + 1)); last=$a
            fi
          else
            missing=$((missing + 1))
          fi
        done
        echo "$reads $mixed $missing $moves"
        """;

    private sealed record Counts(int Reads, int Mixed, int Missing, int Moves)
    {
        public override string ToString() => $"{Reads} reads: {Mixed} mixed, {Missing} missing or empty; the reader saw {Moves} commits go by";
    }

    [Fact]
    public async Task In_place_updates_let_a_reader_meet_two_commits_at_once_or_a_missing_file()
    {
        var counts = await Measure(atomic: false);

        output.WriteLine($"in place, {UpdateCount} updates: {counts}");
        Assert.True(counts.Mixed + counts.Missing > 0, $"the problem atomic publishing solves did not show: {counts}");
    }

    [Fact]
    public async Task Atomic_updates_never_let_a_reader_meet_two_commits_at_once_or_a_missing_file()
    {
        var counts = await Measure(atomic: true);

        output.WriteLine($"atomic, {UpdateCount} updates: {counts}");
        Assert.Equal(0, counts.Mixed);
        Assert.Equal(0, counts.Missing);
        // Reads that overlapped the updates, else zero would prove nothing.
        Assert.True(counts.Moves > 1 && counts.Reads > UpdateCount, $"the reader did not read while the updates ran: {counts}");
    }

    private async Task<Counts> Measure(bool atomic)
    {
        using var repos = TempRepos.WithClone();
        var commits = MakeCommits(repos.OriginPath, UpdateCount + 1);
        var inPlace = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));
        var published = new Atomic(repos);
        Func<Task> update = atomic
            ? async () => await published.Update()
            : async () => Updates.Succeeded(await inPlace.Update(Some.Repo, Some.Branch, CancellationToken.None));
        MoveOrigin(repos.OriginPath, commits[0]);
        await update();
        var stop = Path.Combine(repos.Root, "stop");
        using var reader = StartReader(repos.Checkout, stop);
        var said = reader.StandardOutput.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        try
        {
            foreach (var commit in commits.Skip(1))
            {
                MoveOrigin(repos.OriginPath, commit);
                await update();
            }
        }
        finally
        {
            File.WriteAllText(stop, "");
        }
        output.WriteLine($"{UpdateCount} updates in {watch.ElapsedMilliseconds} ms");
        Assert.True(reader.WaitForExit(TimeSpan.FromSeconds(30)), "the reader did not stop");
        Assert.Equal(commits[^1], Git.Run(repos.Checkout, "rev-parse", "HEAD"));
        var numbers = (await said).Split(' ', StringSplitOptions.TrimEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        return new Counts(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static Process StartReader(string checkout, string stop)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", Reader, "reader", checkout, stop }) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    // Commits on top of origin's branch, each stamping first.txt and z/last.txt with its number and changing every file between.
    private static List<string> MakeCommits(string origin, int count)
    {
        using var repo = new Repository(origin);
        var signature = new LibGit2Sharp.Signature("Test Author", "author@example.com", DateTimeOffset.UnixEpoch);
        var parent = repo.Lookup<Commit>($"refs/heads/{Some.Branch}");
        var shas = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var tree = new TreeDefinition();
            tree.Add("first.txt", Blob(repo, $"stamp {i}\n"), Mode.NonExecutableFile);
            for (var j = 0; j < FilesBetween; j++)
                tree.Add($"m/f{j:D3}.txt", Blob(repo, $"{i} {j}\n"), Mode.NonExecutableFile);
            tree.Add("z/last.txt", Blob(repo, $"stamp {i}\n"), Mode.NonExecutableFile);
            parent = repo.ObjectDatabase.CreateCommit(signature, signature, $"stamp {i}", repo.ObjectDatabase.CreateTree(tree), [parent], prettifyMessage: false);
            shas.Add(parent.Sha);
        }
        return shas;
    }

    private static Blob Blob(Repository repo, string text) => repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static void MoveOrigin(string origin, string sha)
    {
        using var repo = new Repository(origin);
        repo.Refs.UpdateTarget($"refs/heads/{Some.Branch}", sha);
    }
}
