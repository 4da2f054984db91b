using System.Diagnostics;
using System.Globalization;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Hooks;
using LanguageExt;

/// <summary>
/// The <c>steps</c> mode (run by bench/steps.sh): each step of an update timed with GitReload's own
/// libgit2 code and with the git CLI, side by side on two identical clones of one origin. Every
/// repetition pushes a commit that rewrites 50 files and adds one (as bench/load.sh does) and leaves
/// the same untracked files in both clones; the two sides take turns going first. Then the whole
/// update both ways: <c>LibGit2Checkouts.Update</c> against the three git commands in one shell.
/// Prints medians as a Markdown table, each repetition on stderr.
/// </summary>
internal static class StepTimes
{
    private const string Name = "big-course";
    private const string Branch = "master";
    private static readonly string[] CliSteps = ["fetch", "reset", "clean"];

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
            var steps = new Dictionary<string, List<double>>();
            var whole = new Dictionary<string, List<double>>();
            for (var rep = 0; rep <= reps; rep++)
            {
                // Repetition 0 warms the page cache and libgit2 up; it is not counted.
                var timed = StepsBothWays(bench, libgit2First: rep % 2 == 0);
                Console.Error.WriteLine($"steps {rep}/{reps}: {Show(timed)}");
                if (rep > 0) Add(steps, timed);
            }
            for (var rep = 1; rep <= reps; rep++)
            {
                var timed = WholeBothWays(bench, libgit2First: rep % 2 == 0);
                Console.Error.WriteLine($"whole {rep}/{reps}: {Show(timed)}");
                Add(whole, timed);
            }
            PrintTable(bench.Described, reps, steps, whole);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Dictionary<string, double> StepsBothWays(Workspace bench, bool libgit2First)
    {
        var sha = bench.Push();
        bench.LeaveLeftovers();
        var times = new Dictionary<string, double>();
        foreach (var libgit2 in libgit2First ? new[] { true, false } : [false, true])
        {
            if (libgit2) Libgit2Steps(bench, times);
            else foreach (var step in CliSteps) times[$"git {step}"] = Time(() => bench.Cli(step));
        }
        bench.CheckBothAt(sha);
        return times;
    }

    private static void Libgit2Steps(Workspace bench, Dictionary<string, double> times)
    {
        var name = RepoName.Parse(Name).IfLeft(_ => throw new InvalidOperationException());
        var watch = Stopwatch.StartNew();
        // As LibGit2Checkouts.UpdateNow does, step by step.
        using var repo = WorkingTree.Open(bench.Libgit2Clone) ?? throw new InvalidOperationException("no checkout");
        var origin = repo.Network.Remotes["origin"];
        times["libgit2 open"] = Lap(watch);
        if (StaleLocks.Clear(repo.Info.Path, name, bench.Libgit2Clone, DateTime.UtcNow).IsSome) throw new InvalidOperationException("locked");
        times["libgit2 locks"] = Lap(watch);
        var updater = new CheckoutUpdater(repo, origin, name, Branch, TimeSpan.FromMinutes(5), CancellationToken.None);
        Succeeded(updater.Fetch(CancellationToken.None));
        times["libgit2 fetch"] = Lap(watch);
        var after = Succeeded(updater.Reset());
        times["libgit2 reset"] = Lap(watch);
        Succeeded(updater.Clean(after, CancellationToken.None));
        times["libgit2 clean"] = Lap(watch);
    }

    private static Dictionary<string, double> WholeBothWays(Workspace bench, bool libgit2First)
    {
        var sha = bench.Push();
        bench.LeaveLeftovers();
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(Path.GetDirectoryName(bench.Libgit2Clone)!));
        var name = RepoName.Parse(Name).IfLeft(_ => throw new InvalidOperationException());
        var times = new Dictionary<string, double>();
        foreach (var libgit2 in libgit2First ? new[] { true, false } : [false, true])
        {
            if (libgit2) times["libgit2 update"] = Time(() => Succeeded(checkouts.Update(name, Branch, CancellationToken.None).Result));
            else times["git update"] = Time(bench.CliAllThree);
        }
        bench.CheckBothAt(sha);
        return times;
    }

    private static void PrintTable(string origin, int reps, Dictionary<string, List<double>> steps, Dictionary<string, List<double>> whole)
    {
        Console.WriteLine($"Origin: {origin}. Medians of {reps} repetitions, ms.");
        Console.WriteLine();
        Console.WriteLine("| step | libgit2 (GitReload) | git CLI | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| open + origin lookup | {Median(steps["libgit2 open"]):0.0} | | |");
        Console.WriteLine($"| stale-lock scan | {Median(steps["libgit2 locks"]):0.0} | | |");
        foreach (var step in CliSteps) Row(step, Median(steps[$"libgit2 {step}"]), Median(steps[$"git {step}"]));
        Row("whole update", Median(whole["libgit2 update"]), Median(whole["git update"]));
    }

    private static void Row(string step, double libgit2, double git) =>
        Console.WriteLine($"| {step} | {libgit2:0.0} | {git:0.0} | {libgit2 / git:0.00}× |");

    private static T Succeeded<T>(Either<GitReload.Domain.Jobs.JobFailure, T> result) =>
        result.Match(Right: value => value, Left: failure => throw new InvalidOperationException(failure.ToString()));

    private static void Add(Dictionary<string, List<double>> all, Dictionary<string, double> one)
    {
        foreach (var (key, ms) in one) (all.TryGetValue(key, out var list) ? list : all[key] = []).Add(ms);
    }

    private static string Show(Dictionary<string, double> times) =>
        string.Join(", ", times.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value:0.0}"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Lap(Stopwatch watch)
    {
        var ms = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        return ms;
    }
}
