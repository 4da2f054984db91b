using System.Diagnostics;
using System.Globalization;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

/// <summary>
/// The <c>steps</c> mode (run by bench/steps.sh): each step of an update timed with GitReload's own
/// libgit2 code and with the git CLI, side by side on two identical clones of one origin. Every
/// repetition pushes a commit that rewrites 50 files and adds one (as bench/load.sh does) and leaves
/// the same untracked files in both clones; the two sides take turns going first. Then the whole
/// update both ways: <c>LibGit2Checkouts.Update</c> against the three git commands in one shell.
/// GitReload's side remembers what its last update left (<see cref="LeftBehind"/>), as the host does.
/// Prints medians of wall time and of CPU time as a Markdown table, each repetition on stderr.
/// </summary>
internal static class StepTimes
{
    private const string Name = "big-course";
    private const string Branch = "master";
    private static readonly string[] Steps = ["fetch", "reset", "clean"];

    private readonly record struct Cost(double WallMs, double CpuMs);

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 2 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: GitReload.Benchmarks steps <bare origin> [repetitions]");
            return 2;
        }
        var reps = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var work = Directory.CreateTempSubdirectory("gitreload-steps-").FullName;
        try
        {
            var bench = new Workspace(work, args[0]);
            var all = new Dictionary<string, List<Cost>>();
            for (var rep = 0; rep <= reps; rep++)
            {
                // Repetition 0 warms the page cache and libgit2 up; it is not counted.
                var timed = StepsBothWays(bench, libgit2First: rep % 2 == 0);
                Console.Error.WriteLine($"steps {rep}/{reps}: {Show(timed)}");
                if (rep > 0) Add(all, timed);
            }
            // One instance for all repetitions, as the host has: it remembers what each update left.
            var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(Path.GetDirectoryName(bench.Libgit2Clone)!));
            for (var rep = 0; rep <= reps; rep++)
            {
                // Repetition 0 lets the instance see the checkout once; it is not counted.
                var timed = WholeBothWays(bench, checkouts, libgit2First: rep % 2 == 0);
                Console.Error.WriteLine($"whole {rep}/{reps}: {Show(timed)}");
                if (rep > 0) Add(all, timed);
            }
            PrintTable(bench.Described, reps, all);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Dictionary<string, Cost> StepsBothWays(Workspace bench, bool libgit2First)
    {
        var sha = bench.Push();
        bench.LeaveLeftovers();
        var times = new Dictionary<string, Cost>();
        foreach (var libgit2 in libgit2First ? new[] { true, false } : [false, true])
        {
            if (libgit2) Libgit2Steps(bench, times);
            else foreach (var step in Steps) times[$"git {step}"] = OfChildren(() => bench.Cli(step));
        }
        bench.CheckBothAt(sha);
        return times;
    }

    private static void Libgit2Steps(Workspace bench, Dictionary<string, Cost> times)
    {
        var name = RepoName.Parse(Name).IfLeft(_ => throw new InvalidOperationException());
        var lap = new Lap();
        // As LibGit2Checkouts.UpdateNow does, step by step, on this thread.
        using var repo = WorkingTree.Open(bench.Libgit2Clone) ?? throw new InvalidOperationException("no checkout");
        var origin = repo.Network.Remotes["origin"];
        times["libgit2 open"] = lap.Next();
        if (StaleLocks.Clear(repo.Info.Path, name, bench.Libgit2Clone, DateTime.UtcNow).IsSome) throw new InvalidOperationException("locked");
        times["libgit2 locks"] = lap.Next();
        var updater = new CheckoutUpdater(repo, origin, name, Branch, TimeSpan.FromMinutes(5), CancellationToken.None) { LastLeft = bench.LeftBehind };
        Succeeded(updater.Fetch(CancellationToken.None));
        times["libgit2 fetch"] = lap.Next();
        var after = Succeeded(updater.Reset(CancellationToken.None));
        times["libgit2 reset"] = lap.Next();
        Succeeded(updater.Clean(after, CancellationToken.None));
        times["libgit2 clean"] = lap.Next();
        bench.LeftBehind = LeftBehind.Of(repo);
    }

    private static Dictionary<string, Cost> WholeBothWays(Workspace bench, LibGit2Checkouts checkouts, bool libgit2First)
    {
        var sha = bench.Push();
        bench.LeaveLeftovers();
        var name = RepoName.Parse(Name).IfLeft(_ => throw new InvalidOperationException());
        var times = new Dictionary<string, Cost>();
        foreach (var libgit2 in libgit2First ? new[] { true, false } : [false, true])
        {
            if (libgit2) times["libgit2 update"] = OfProcess(() => Succeeded(checkouts.Update(name, Branch, CancellationToken.None).Result));
            else times["git update"] = OfChildren(bench.CliAllThree);
        }
        bench.CheckBothAt(sha);
        return times;
    }

    private static void PrintTable(string origin, int reps, Dictionary<string, List<Cost>> all)
    {
        Console.WriteLine($"Origin: {origin}. Medians of {reps} repetitions, ms.");
        Console.WriteLine();
        Console.WriteLine("| step | libgit2 (GitReload) | git CLI | ratio | libgit2 CPU | git CPU |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| open + origin lookup | {Median(all["libgit2 open"], c => c.WallMs):0.0} | | | {Median(all["libgit2 open"], c => c.CpuMs):0.0} | |");
        Console.WriteLine($"| stale-lock scan | {Median(all["libgit2 locks"], c => c.WallMs):0.0} | | | {Median(all["libgit2 locks"], c => c.CpuMs):0.0} | |");
        foreach (var step in Steps) Row(step, all[$"libgit2 {step}"], all[$"git {step}"]);
        Row("whole update", all["libgit2 update"], all["git update"]);
    }

    private static void Row(string step, List<Cost> libgit2, List<Cost> git)
    {
        var (wall, gitWall) = (Median(libgit2, c => c.WallMs), Median(git, c => c.WallMs));
        Console.WriteLine($"| {step} | {wall:0.0} | {gitWall:0.0} | {wall / gitWall:0.00}× | {Median(libgit2, c => c.CpuMs):0.0} | {Median(git, c => c.CpuMs):0.0} |");
    }

    private static T Succeeded<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => value, Left: failure => throw new InvalidOperationException(failure.ToString()));

    private static void Add(Dictionary<string, List<Cost>> all, Dictionary<string, Cost> one)
    {
        foreach (var (key, cost) in one) (all.TryGetValue(key, out var list) ? list : all[key] = []).Add(cost);
    }

    private static string Show(Dictionary<string, Cost> times) =>
        string.Join(", ", times.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value.WallMs:0.0} (cpu {t.Value.CpuMs:0.0})"));

    private static double Median(List<Cost> costs, Func<Cost, double> of)
    {
        var sorted = costs.Select(of).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Cost OfChildren(Action action) => Measured(action, CpuTime.ChildrenMs);

    private static Cost OfProcess(Action action) => Measured(action, CpuTime.ProcessMs);

    private static Cost Measured(Action action, Func<double> cpu)
    {
        var (watch, start) = (Stopwatch.StartNew(), cpu());
        action();
        return new Cost(watch.Elapsed.TotalMilliseconds, cpu() - start);
    }

    /// <summary>Wall and thread CPU time since the previous lap.</summary>
    private sealed class Lap
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private double cpu = CpuTime.ThreadMs();

        public Cost Next()
        {
            var (wall, now) = (watch.Elapsed.TotalMilliseconds, CpuTime.ThreadMs());
            var cost = new Cost(wall, now - cpu);
            cpu = now;
            watch.Restart();
            return cost;
        }
    }
}
