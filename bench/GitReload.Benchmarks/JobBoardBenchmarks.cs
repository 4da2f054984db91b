using BenchmarkDotNet.Attributes;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

/// <summary>JobBoard.Offer: a push merging into the waiting job of its checkout, with other checkouts' jobs on the board.</summary>
public class JobBoardBenchmarks
{
    private JobBoard board = JobBoard.Empty;
    private JobRequest request = null!;

    [Params(1, 50)]
    public int OtherCheckouts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var id = 1L;
        for (var i = 0; i < OtherCheckouts; i++)
            board = board.Offer(Request($"course-{i}"), new JobId(id++)).Board;
        request = Request("Hello-World");
        board = board.Offer(request, new JobId(id)).Board;
    }

    [Benchmark]
    public (JobBoard, Offered) Merge() => board.Offer(request, new JobId(999_999));

    private static JobRequest Request(string repo) =>
        new(RepoName.Parse(repo).IfLeft(_ => throw new InvalidOperationException(repo)),
            JobAction.GetLatest, "https://example.invalid/" + repo + ".git", "master", "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
}
