using BenchmarkDotNet.Attributes;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Journal;
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
    private string folder = "";
    private SqliteJobJournal journal = null!;
    private long nextId;
    private int delivery;

    private static readonly JobRequest Request =
        new(RepoName.Parse("Hello-World").IfLeft(_ => throw new InvalidOperationException()), JobAction.GetLatest, "git@example.org:Hello-World.git", "master", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("gitreload-bench-journal-").FullName;
        journal = SqliteJobJournal.Open(folder, TimeProvider.System, maxFinishedPerRepo: 1000).IfLeft(problem => throw new InvalidOperationException(problem));
        Ok(journal.Add(new JobId(++nextId), Request, Option<string>.None, CancellationToken.None).Result);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        journal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Either<Error, Unit> AddJob() =>
        journal.Record(Prelude.Seq1(new OfferRecord(new Offered.Added(new JobId(++nextId), Ready: false), Request, Next())), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Unit> MergeOne() =>
        journal.Record(Prelude.Seq1(Merge()), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Unit> MergeOneWithoutDeliveryId() =>
        journal.Record(Prelude.Seq1(new OfferRecord(new Offered.Merged(new JobId(1)), Request, Option<string>.None)), CancellationToken.None).Result;

    [Benchmark]
    public Either<Error, Unit> MergeSixteenTogether() =>
        journal.Record(Enumerable.Range(0, 16).Select(_ => Merge()).ToSeq(), CancellationToken.None).Result;

    // Into the first job, which stays queued for the whole run.
    private OfferRecord Merge() => new(new Offered.Merged(new JobId(1)), Request, Next());

    private Option<string> Next() => Option<string>.Some($"delivery-{++delivery}");

    private static void Ok(Either<Error, Unit> result) => result.IfLeft(e => throw new InvalidOperationException(e.Message));
}
