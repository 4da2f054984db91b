using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Tests;

internal sealed class FakeCheckouts(CheckoutState state) : ICheckouts
{
    public List<string> Inspected { get; } = [];
    public List<(string Repo, string Branch)> Updated { get; } = [];
    public Either<JobFailure, CheckoutUpdate> UpdateResult { init => UpdateResults = [value]; }

    /// <summary>What each update returns in turn; the last one again once they run out.</summary>
    public Either<JobFailure, CheckoutUpdate>[] UpdateResults { get; init; } = [new CheckoutUpdate(Option<string>.Some("a"), "b")];

    public Task<CheckoutState> Inspect(RepoName repo, CancellationToken cancellationToken)
    {
        Inspected.Add(repo.Value);
        return Task.FromResult(state);
    }

    public Task<Either<JobFailure, CheckoutUpdate>> Update(RepoName repo, string branch, CancellationToken cancellationToken)
    {
        Updated.Add((repo.Value, branch));
        return Task.FromResult(UpdateResults[Math.Min(Updated.Count, UpdateResults.Length) - 1]);
    }

    /// <summary>What each read of HEAD returns in turn; none once they run out.</summary>
    public string[] Heads { get; init; } = [];

    public int HeadsRead { get; private set; }

    public Task<Option<string>> Head(RepoName repo, CancellationToken cancellationToken)
    {
        var read = HeadsRead++;
        return Task.FromResult(read < Heads.Length ? Option<string>.Some(Heads[read]) : Option<string>.None);
    }
}

internal sealed class FakeImporter : ICourseImporter
{
    public List<CourseImport> Imported { get; } = [];
    public Either<JobFailure, ImportOutput> Result { get; init; } = new ImportOutput("imported");

    public Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        Imported.Add(import);
        return Task.FromResult(Result);
    }
}

internal sealed class RecordingJobEvents : IJobEvents
{
    public List<JobEvent> Told { get; } = [];

    public Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        lock (Told) Told.Add(jobEvent);
        return Task.FromResult(Unit.Default);
    }
}
