using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Publishing;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using GitReload.Domain.Reports;
using LanguageExt;

namespace GitReload.Application.Tests;

public class AtomicPublishingTests
{
    private const string PublishedSha = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string NewSha = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static readonly PublishPolicy AllAtomic =
        (PublishPolicy)PublishPolicy.Parse([KeyValuePair.Create("*", (string?)"atomic")]);

    private static Task NoProgress(JobProgressReport progress) => Task.CompletedTask;

    private static RunJob Runner(FakeAtomicCheckouts trees, ITreeCheck check, FakeCheckouts? inPlace = null) =>
        new(inPlace ?? new FakeCheckouts(Some.OnMaster), new FakeImporter(), RetryPolicy.Default, new RecordingTime(), () => 0.5)
        {
            Publishing = new AtomicPublishing(trees, check, AllAtomic),
        };

    [Fact]
    public async Task A_tree_that_fails_its_check_is_discarded_unpublished_and_the_job_fails_saying_check_failed()
    {
        var trees = new FakeAtomicCheckouts();

        var outcome = await Runner(trees, new FakeCheck(JobFailure.Permanent("exit code 1"), "2 tests failed")).Handle(Some.Job(), NoProgress, default);

        var failure = Assert.IsType<JobOutcome.Failed>(outcome).Failure;
        Assert.Equal(("Check failed on 2222222: exit code 1; nothing was published, readers keep 1111111", "2 tests failed", false), (failure.Message, failure.Output, failure.Transient));
        Assert.Equal((0, 1), (trees.Publishes.Count, trees.Discarded.Count));
        var pushed = Some.Job(after: NewSha).WithSource(new ForgeRepo(Forge.GitHub, "mitodl/course"));
        var status = Assert.Single(CommitStatuses.For(new JobEvent.Finished(new JobId(1), pushed, outcome)));
        Assert.Equal(CommitState.Failure, status.State);
        Assert.StartsWith("Check failed on 2222222", status.Description);
    }

    [Fact]
    public async Task A_tree_that_passes_its_check_is_published_with_the_check_s_output()
    {
        var trees = new FakeAtomicCheckouts();

        var outcome = await Runner(trees, new FakeCheck(new CheckOutput("all good"))).Handle(Some.Job(), NoProgress, default);

        Assert.Equal(new JobOutcome.Succeeded(Option<string>.Some(PublishedSha), Option<string>.Some(NewSha), "all good", Attempts: 1), outcome);
        Assert.Equal((1, 0), (trees.Publishes.Count, trees.Discarded.Count));
    }

    [Fact]
    public async Task A_rollback_job_is_tried_once_undoes_the_commit_it_names_and_reports_the_commits_before_and_after()
    {
        var trees = new FakeAtomicCheckouts();

        var outcome = await Runner(trees, NoTreeCheck.Instance).Handle(Some.Job(action: JobAction.Rollback, after: NewSha), NoProgress, default);

        Assert.Equal(new JobOutcome.Succeeded(Option<string>.Some(NewSha), Option<string>.Some(PublishedSha), "", Attempts: 1), outcome);
        Assert.Equal([$"course undoing {NewSha}"], trees.RolledBack);
    }

    [Fact]
    public async Task A_checkout_in_place_is_made_an_ordinary_folder_first_then_updated_in_place()
    {
        var trees = new FakeAtomicCheckouts();
        var inPlace = new FakeCheckouts(Some.OnMaster);
        var runner = new RunJob(inPlace, new FakeImporter(), RetryPolicy.Default, new RecordingTime(), () => 0.5)
        {
            Publishing = new AtomicPublishing(trees, NoTreeCheck.Instance, PublishPolicy.InPlace),
        };

        await runner.Handle(Some.Job(), NoProgress, default);

        Assert.Equal(["course"], trees.MadeInPlace);
        Assert.Equal([("course", "master")], inPlace.Updated);
        Assert.Empty(trees.Publishes);
    }

    private sealed class FakeCheck(Either<JobFailure, CheckOutput> result, string failureOutput = "") : ITreeCheck
    {
        public Task<Either<JobFailure, CheckOutput>> Check(StagedTree tree, Action<string> outputSoFar, CancellationToken cancellationToken) =>
            Task.FromResult(result.MapLeft(f => f with { Output = failureOutput }));
    }

    private sealed class FakeAtomicCheckouts : IAtomicCheckouts
    {
        public List<StagedTree> Publishes { get; } = [];
        public List<StagedTree> Discarded { get; } = [];
        public List<string> RolledBack { get; } = [];
        public List<string> MadeInPlace { get; } = [];

        public Task<Either<JobFailure, Staged>> Stage(RepoName repo, string branch, CancellationToken cancellationToken) =>
            Task.FromResult<Either<JobFailure, Staged>>(new Staged.Ready(new StagedTree(repo, branch, "/trees/new", NewSha, Option<string>.Some(PublishedSha))));

        public Task<Either<JobFailure, CheckoutUpdate>> Publish(StagedTree tree, CancellationToken cancellationToken)
        {
            Publishes.Add(tree);
            return Task.FromResult<Either<JobFailure, CheckoutUpdate>>(new CheckoutUpdate(tree.Published, tree.Sha));
        }

        public Task<Unit> Discard(StagedTree tree, CancellationToken cancellationToken)
        {
            Discarded.Add(tree);
            return Task.FromResult(Unit.Default);
        }

        public Task<Either<JobFailure, CheckoutUpdate>> RollBack(RepoName repo, Option<string> undo, CancellationToken cancellationToken)
        {
            RolledBack.Add($"{repo.Value} undoing {undo.IfNone("whatever it publishes")}");
            return Task.FromResult<Either<JobFailure, CheckoutUpdate>>(new CheckoutUpdate(Option<string>.Some(NewSha), PublishedSha));
        }

        public Task<Either<JobFailure, Unit>> MakeInPlace(RepoName repo, CancellationToken cancellationToken)
        {
            MadeInPlace.Add(repo.Value);
            return Task.FromResult<Either<JobFailure, Unit>>(Unit.Default);
        }
    }
}
