using System.Diagnostics;
using System.Globalization;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Origins;
using GitReload.Adapters.Sqlite;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Reconcile;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;

/// <summary>
/// The <c>reconcile</c> mode (run by bench/reconcile.sh): the CPU and wall time of one reconcile round
/// over N checkouts whose origins have not moved, as the host runs it: the checkouts listed, each
/// origin asked with libgit2's remote listing, the decision, and what origin said recorded in a real
/// SQLite journal, <c>POLL_CONCURRENCY</c> (4) at once. Round 0 (first claims, page cache) is not counted.
/// </summary>
internal static class ReconcileRounds
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(300);

    public static int Run(string[] args)
    {
        if (args.Length is < 1 or > 3)
        {
            Console.Error.WriteLine("usage: GitReload.Benchmarks reconcile <checkouts> [rounds] [concurrency]");
            return 2;
        }
        var count = int.Parse(args[0], CultureInfo.InvariantCulture);
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var work = Directory.CreateTempSubdirectory("gitreload-reconcile-").FullName;
        try
        {
            var repoDir = Prepare(work, count);
            var host = HostId.Parse("bench").Match(h => h, e => throw new InvalidOperationException(e.Message));
            using var journal = SqliteJournal.Open(Path.Combine(work, "state"), TimeProvider.System, 1000).Match(j => j, p => throw new InvalidOperationException(p.Message));
            journal.Join(host, "bench", CancellationToken.None).GetAwaiter().GetResult().IfLeft(e => throw new InvalidOperationException(e.Message));
            var settings = new GitCheckoutSettings(repoDir);
            var catalog = new LibGit2CheckoutCatalog(settings);
            var reconcile = new ReconcileCheckout(new LibGit2OriginListing(settings), journal, catalog, new JobScheduler(journal, NoJobEvents.Instance, host), host);

            var costs = new List<(double WallMs, double CpuMs)>();
            for (var round = 0; round <= rounds; round++)
            {
                var cpu = CpuTime.ProcessMs();
                var wall = Stopwatch.StartNew();
                var decisions = Round(catalog, reconcile, concurrency).GetAwaiter().GetResult();
                var cost = (wall.Elapsed.TotalMilliseconds, CpuTime.ProcessMs() - cpu);
                Console.Error.WriteLine($"round {round}/{rounds}: {cost.Item1:0} ms wall, {cost.Item2:0} ms CPU: {string.Join(", ", decisions.Select(d => $"{d.Value}× {d.Key}"))}");
                if (round > 0) costs.Add(cost);
                if (decisions.Keys.Any(k => k != nameof(Reconciled.InSync)))
                    throw new InvalidOperationException("origins that have not moved gave a decision other than InSync");
            }
            var medianWall = Median(costs.Select(c => c.WallMs));
            var medianCpu = Median(costs.Select(c => c.CpuMs));
            Console.WriteLine($"{count} checkouts, origins unchanged, {concurrency} asked at once; medians of {rounds} rounds after one not counted.");
            Console.WriteLine();
            Console.WriteLine("| checkouts | wall per round ms | CPU per round ms | CPU per checkout ms | share of one core at POLL_SECONDS=300 |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine($"| {count} | {medianWall:0} | {medianCpu:0} | {medianCpu / count:0.00} | {medianCpu / Interval.TotalMilliseconds * 100:0.000} % |");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // One origin with a few commits, and `count` clones of it sharing its objects, as bench/scale.sh makes them.
    private static string Prepare(string work, int count)
    {
        var origin = Path.Combine(work, "origin.git");
        var upstream = Path.Combine(work, "upstream");
        Git(work, "init", "--quiet", "--bare", "--initial-branch", "master", origin);
        Git(work, "clone", "--quiet", origin, upstream);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(upstream, $"chapter{i}.xml"), $"<chapter n=\"{i}\"/>");
            Git(upstream, "add", ".");
            Git(upstream, "commit", "--quiet", "-m", $"chapter {i}");
        }
        Git(upstream, "push", "--quiet", "origin", "HEAD:master");
        var repoDir = Directory.CreateDirectory(Path.Combine(work, "repos")).FullName;
        for (var i = 0; i < count; i++)
            Git(work, "clone", "--quiet", "--shared", origin, Path.Combine(repoDir, $"course-{i:0000}"));
        return repoDir;
    }

    private static async Task<Dictionary<string, int>> Round(ICheckoutCatalog catalog, ReconcileCheckout reconcile, int concurrency)
    {
        var slots = new SemaphoreSlim(concurrency, concurrency);
        var checkouts = await catalog.List(CancellationToken.None);
        var reports = await Task.WhenAll(checkouts.Select(async checkout =>
        {
            await slots.WaitAsync();
            try
            {
                return await reconcile.Handle(checkout.Repo, JobAction.GetLatest, Interval * 0.9, CancellationToken.None);
            }
            finally
            {
                slots.Release();
            }
        }));
        return reports.GroupBy(r => r is RoundReport.Asked a ? a.Decision.GetType().Name : r.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static void Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", "user.name=Bench", "-c", "user.email=bench@gitreload.invalid", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var errors = git.StandardError.ReadToEndAsync();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {errors.Result}");
    }
}
