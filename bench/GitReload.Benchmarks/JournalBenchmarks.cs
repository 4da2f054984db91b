using BenchmarkDotNet.Attributes;
using GitReload.Adapters.Journal;
using GitReload.Adapters.Sqlite;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

/// <summary>
/// The SQLite journal in a temp folder, as a burst of pushes reaches it: a new job (committed
/// with fsync), and pushes merged into a waiting job (committed without: the job they merge into
/// was fsynced when added), one alone and sixteen together as a group commit.
/// </summary>
public class JournalBenchmarks
{
    private static readonly HostId Host = HostId.Parse("bench").IfLeft(_ => throw new InvalidOperationException());
    private string folder = "";
    private SqlJournal journal = null!;
    private int repo;
    private int delivery;

    private static JobRequest Request(string repo) =>
        new(RepoName.Parse(repo).IfLeft(_ => throw new InvalidOperationException()), JobAction.GetLatest, "git@example.org:Hello-World.git", "master", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("gitreload-bench-journal-").FullName;
        journal = SqliteJournal.Open(folder, TimeProvider.System, maxFinishedPerRepo: 1000).IfLeft(problem => throw new InvalidOperationException(problem.Message));
        Ok(journal.Join(Host, "bench", CancellationToken.None).Result);
        Ok(journal.Offer(Prelude.Seq1(Offer("Hello-World", Option<string>.None)), CancellationToken.None).Result);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        journal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    // A checkout with nothing waiting: a new job each time.
    [Benchmark(Baseline = true)]
    public Either<Error, Seq<Recorded>> AddJob() =>
        journal.Offer(Prelude.Seq1(Offer($"repo-{++repo}", Next())), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Seq<Recorded>> MergeOne() =>
        journal.Offer(Prelude.Seq1(Offer("Hello-World", Next())), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Seq<Recorded>> MergeOneWithoutDeliveryId() =>
        journal.Offer(Prelude.Seq1(Offer("Hello-World", Option<string>.None)), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Seq<Recorded>> MergeSixteenTogether() =>
        journal.Offer(Enumerable.Range(0, 16).Select(_ => Offer("Hello-World", Next())).ToSeq(), CancellationToken.None).Result;

    private static JobOffer Offer(string repo, Option<string> deliveryId) =>
        new(Request(repo), new JobTargets.Each(Prelude.Seq1(Host)), deliveryId, JobTrigger.Push);

    private Option<string> Next() => Option<string>.Some($"delivery-{++delivery}");

    private static void Ok<T>(Either<Error, T> result) => result.IfLeft(e => throw new InvalidOperationException(e.Message));
}
