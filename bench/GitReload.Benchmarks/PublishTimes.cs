using System.Diagnostics;
using System.Globalization;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Publishing;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

/// <summary>
/// The <c>publish</c> mode (run by bench/publish.sh): the whole update of two identical clones of one
/// origin, one in place (<c>LibGit2Checkouts.Update</c>) and one published atomically
/// (<c>LibGit2AtomicCheckouts</c>: stage a new tree, publish it, remove the trees beyond
/// <c>PUBLISH_KEEP</c> 2), after each push of a commit rewriting 50 files and adding one; the two
/// take turns going first. Repetition 0 (the conversion of the second clone, and the first look at
/// the first) is not counted. Then the disk: <c>du</c> of one tree, of all trees (hard links counted
/// once), of the store's objects, beside the clone in place.
/// </summary>
internal static class PublishTimes
{
    private const string Branch = "master";

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: GitReload.Benchmarks publish <bare origin> [repetitions]");
            return 2;
        }
        var reps = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var work = Directory.CreateTempSubdirectory("gitreload-publish-").FullName;
        try
        {
            var bench = new Workspace(work, args[0]);
            var name = RepoName.Parse("big-course").IfLeft(_ => throw new InvalidOperationException());
            var steps = new List<string>();
            var inPlace = new LibGit2Checkouts(new GitCheckoutSettings(Path.GetDirectoryName(bench.Libgit2Clone)!))
            {
                StepTimed = (step, took) => steps.Add($"in place {step} {took.TotalMilliseconds:0}"),
            };
            var atomicRepoDir = Path.GetDirectoryName(bench.PeerClone)!;
            var atomic = new LibGit2AtomicCheckouts(new GitCheckoutSettings(atomicRepoDir) { PublishKeep = 2 })
            {
                StepTimed = (step, took) => steps.Add($"atomic {step} {took.TotalMilliseconds:0}"),
            };
            var inPlaceMs = new List<double>();
            var atomicMs = new List<double>();
            for (var rep = 0; rep <= reps; rep++)
            {
                var sha = bench.Push();
                steps.Clear();
                double a = 0, b = 0;
                foreach (var first in rep % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (first) a = Timed(() => Succeeded(inPlace.Update(name, Branch, CancellationToken.None).Result));
                    else b = Timed(() => Publish(atomic, name));
                }
                bench.CheckBothAt(sha);
                Console.Error.WriteLine($"publish {rep}/{reps}: in place {a:0} ms, atomic {b:0} ms ({string.Join(", ", steps)})");
                if (rep > 0) { inPlaceMs.Add(a); atomicMs.Add(b); }
            }
            var store = Path.Combine(atomicRepoDir, ".gitreload", "big-course");
            var published = new FileInfo(bench.PeerClone).LinkTarget!;
            Console.WriteLine($"Origin: {bench.Described}. Medians of {reps} repetitions, ms, wall.");
            Console.WriteLine();
            Console.WriteLine("| update | median ms | min | max |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| in place | {Median(inPlaceMs):0} | {inPlaceMs.Min():0} | {inPlaceMs.Max():0} |");
            Console.WriteLine($"| atomic | {Median(atomicMs):0} | {atomicMs.Min():0} | {atomicMs.Max():0} |");
            Console.WriteLine($"| ratio atomic / in place | {Median(atomicMs) / Median(inPlaceMs):0.00}× | | |");
            Console.WriteLine();
            Console.WriteLine("| disk (du -sk, KiB) | size |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| clone in place, work tree and .git | {Du(bench.Libgit2Clone)} |");
            Console.WriteLine($"| clone in place, .git alone | {Du(Path.Combine(bench.Libgit2Clone, ".git"))} |");
            Console.WriteLine($"| atomic, the published tree alone | {Du(Path.Combine(atomicRepoDir, published))} |");
            Console.WriteLine($"| atomic, all {Directory.GetDirectories(Path.Combine(store, "trees")).Length} trees (published + kept; shared files once) | {Du(Path.Combine(store, "trees"))} |");
            Console.WriteLine($"| atomic, the store (repo.git: objects, one worktree record per tree) | {Du(Path.Combine(store, "repo.git"))} |");
            Console.WriteLine($"| atomic, all of it: trees, the spare the next tree is made from, repo.git (shared files once) | {Du(store)} |");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Publish(LibGit2AtomicCheckouts atomic, RepoName name)
    {
        var staged = Succeeded(atomic.Stage(name, Branch, CancellationToken.None).Result);
        staged.Match(
            unchanged: _ => throw new InvalidOperationException("nothing new was staged"),
            ready: r => Succeeded(atomic.Publish(r.Tree, CancellationToken.None).Result));
    }

    private static double Timed(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Du(string path)
    {
        var start = new ProcessStartInfo("du", ["-sk", path]) { RedirectStandardOutput = true };
        using var du = Process.Start(start)!;
        var said = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return int.Parse(said.Split('\t')[0], CultureInfo.InvariantCulture).ToString("N0", CultureInfo.InvariantCulture);
    }

    private static T Succeeded<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => value, Left: failure => throw new InvalidOperationException(failure.ToString()));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
