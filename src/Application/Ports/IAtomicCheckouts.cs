using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>
/// The checkouts published atomically (<c>PUBLISH</c>): each new commit is checked out into a fresh
/// tree of its own, and <c>REPODIR/&lt;name&gt;</c> is pointed at it in one step once it passed its
/// check, so a reader never meets a half-updated checkout. Older trees are kept for a rollback.
/// </summary>
public interface IAtomicCheckouts
{
    /// <summary>
    /// Fetches origin and checks <c>origin/&lt;branch&gt;</c> out into a new tree nobody reads yet,
    /// making an ordinary checkout atomic first when it is one; nothing to stage when the published
    /// tree already holds that commit, intact.
    /// </summary>
    Task<Either<JobFailure, Staged>> Stage(RepoName repo, string branch, CancellationToken cancellationToken);

    /// <summary>Points the checkout at <paramref name="tree"/> in one step, then removes the trees beyond those kept.</summary>
    Task<Either<JobFailure, CheckoutUpdate>> Publish(StagedTree tree, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="tree"/>, which is not to be published; what readers see is left as it is.</summary>
    Task<Unit> Discard(StagedTree tree, CancellationToken cancellationToken);

    /// <summary>
    /// Points the checkout back at the tree it published before this one, when it publishes
    /// <paramref name="undo"/> (or whatever it publishes, when none is named); when it publishes another
    /// commit it is left as it is and that is a success (before = after = its published commit).
    /// </summary>
    Task<Either<JobFailure, CheckoutUpdate>> RollBack(RepoName repo, Option<string> undo, CancellationToken cancellationToken);

    /// <summary>Makes a checkout published atomically an ordinary checkout folder again, at its published commit; nothing to do for one that is.</summary>
    Task<Either<JobFailure, Unit>> MakeInPlace(RepoName repo, CancellationToken cancellationToken);
}

/// <summary>What staging an atomic update gave.</summary>
public abstract record Staged
{
    private Staged() { }

    /// <summary>The published tree already holds origin's commit: nothing to check or publish.</summary>
    public sealed record Unchanged(string Sha) : Staged;

    /// <summary>A new tree, ready to be checked and published.</summary>
    public sealed record Ready(StagedTree Tree) : Staged;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Unchanged, T> unchanged, Func<Ready, T> ready) => this switch
    {
        Unchanged u => unchanged(u),
        Ready r => ready(r),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>A tree checked out and not published yet.</summary>
/// <param name="Repo">The checkout it is for.</param>
/// <param name="Branch">The branch it follows.</param>
/// <param name="Folder">Where it is: the <c>{repo_dir}</c> of <c>VERIFY_COMMAND</c>.</param>
/// <param name="Sha">The commit checked out in it.</param>
/// <param name="Published">The commit readers see now, if the checkout has one.</param>
public sealed record StagedTree(RepoName Repo, string Branch, string Folder, string Sha, Option<string> Published);

/// <summary>No checkout is published atomically: for a host that never does it (embedders that build <c>RunJob</c> themselves, tests).</summary>
public sealed class NoAtomicCheckouts : IAtomicCheckouts
{
    /// <summary>The one instance.</summary>
    public static NoAtomicCheckouts Instance { get; } = new();

    private static JobFailure Off(RepoName repo) =>
        JobFailure.Permanent($"{repo}: atomic publishing is not set up on this host; nothing was changed");

    /// <inheritdoc />
    public Task<Either<JobFailure, Staged>> Stage(RepoName repo, string branch, CancellationToken cancellationToken) =>
        Task.FromResult<Either<JobFailure, Staged>>(Off(repo));

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckoutUpdate>> Publish(StagedTree tree, CancellationToken cancellationToken) =>
        Task.FromResult<Either<JobFailure, CheckoutUpdate>>(Off(tree.Repo));

    /// <inheritdoc />
    public Task<Unit> Discard(StagedTree tree, CancellationToken cancellationToken) => Task.FromResult(Unit.Default);

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckoutUpdate>> RollBack(RepoName repo, Option<string> undo, CancellationToken cancellationToken) =>
        Task.FromResult<Either<JobFailure, CheckoutUpdate>>(Off(repo));

    /// <inheritdoc />
    public Task<Either<JobFailure, Unit>> MakeInPlace(RepoName repo, CancellationToken cancellationToken) =>
        Task.FromResult<Either<JobFailure, Unit>>(Unit.Default);
}
