using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using LanguageExt;

namespace GitReload.Application.Publishing;

/// <summary>
/// How updates reach readers, as <c>PUBLISH</c> says per checkout. Atomically: stage a fresh tree,
/// check it (<c>VERIFY_COMMAND</c>), and publish it in one step only when it passed; a tree that
/// failed is removed and readers keep the tree they had. In place: a checkout that was published
/// atomically is made an ordinary folder again first. Also rolls a checkout back to its previous tree.
/// </summary>
public sealed class AtomicPublishing(IAtomicCheckouts trees, ITreeCheck check, PublishPolicy policy)
{
    /// <summary>Every checkout in place, and nothing to turn back: for hosts that never publish atomically.</summary>
    public static AtomicPublishing Off { get; } = new(NoAtomicCheckouts.Instance, NoTreeCheck.Instance, PublishPolicy.InPlace);

    /// <summary>How <paramref name="repo"/> is updated.</summary>
    public PublishMode ModeOf(RepoName repo) => policy.For(repo);

    /// <summary>One try of an atomic update of <paramref name="job"/>'s checkout; the check's output goes to <paramref name="outputSoFar"/> while it runs.</summary>
    public async Task<Either<JobFailure, CheckoutUpdate>> Update(JobRequest job, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        var staged = await trees.Stage(job.Repo, job.Branch, cancellationToken);
        return await staged.MatchAsync(
            RightAsync: ready => ready.Match(
                unchanged: u => Task.FromResult<Either<JobFailure, CheckoutUpdate>>(new CheckoutUpdate(u.Sha, u.Sha)),
                ready: r => CheckThenPublish(r.Tree, outputSoFar, cancellationToken)),
            Left: failure => failure);
    }

    /// <summary>Makes <paramref name="repo"/> an ordinary checkout folder again if it was published atomically.</summary>
    public Task<Either<JobFailure, Unit>> InPlace(RepoName repo, CancellationToken cancellationToken) => trees.MakeInPlace(repo, cancellationToken);

    /// <summary>Points <paramref name="repo"/> back at the tree it published before, if it publishes <paramref name="undo"/> (any commit, when none is named).</summary>
    public Task<Either<JobFailure, CheckoutUpdate>> RollBack(RepoName repo, Option<string> undo, CancellationToken cancellationToken) =>
        trees.RollBack(repo, undo, cancellationToken);

    private async Task<Either<JobFailure, CheckoutUpdate>> CheckThenPublish(StagedTree tree, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        Either<JobFailure, CheckOutput> checkedTree;
        try
        {
            checkedTree = await check.Check(tree, outputSoFar, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await trees.Discard(tree, CancellationToken.None);
            throw;
        }
        return await checkedTree.MatchAsync(
            RightAsync: async passed => (await trees.Publish(tree, cancellationToken)).Map(update => update with { Output = passed.Output }),
            LeftAsync: async failure =>
            {
                await trees.Discard(tree, CancellationToken.None);
                return Either<JobFailure, CheckoutUpdate>.Left(CheckFailed(tree, failure));
            });
    }

    // "Check failed" first: it is what the commit status shows.
    private static JobFailure CheckFailed(StagedTree tree, JobFailure failure) => new(
        $"Check failed on {Sha.Short(tree.Sha)}: {failure.Message}; nothing was published, readers keep {tree.Published.Map(Sha.Short).IfNone("what they had")}",
        failure.Output,
        Transient: false);
}
