using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>The git checkouts under <c>REPODIR</c>.</summary>
public interface ICheckouts
{
    /// <summary>Looks at the checkout of <paramref name="repo"/>: is it there, which branch, which origin.</summary>
    Task<CheckoutState> Inspect(RepoName repo, CancellationToken cancellationToken);

    /// <summary>
    /// Fetches origin, hard-resets <paramref name="branch"/> (which must be checked out) to
    /// <c>origin/&lt;branch&gt;</c> and removes untracked and ignored files.
    /// </summary>
    Task<Either<JobFailure, CheckoutUpdate>> Update(RepoName repo, string branch, CancellationToken cancellationToken);

    /// <summary>The commit at HEAD of <paramref name="repo"/> (for a checkout published atomically, the published one); none when it has none or cannot be read.</summary>
    Task<Option<string>> Head(RepoName repo, CancellationToken cancellationToken);
}

/// <summary>What an update did: HEAD before (none in an empty clone) and after.</summary>
public sealed record CheckoutUpdate(Option<string> ShaBefore, string ShaAfter)
{
    /// <summary>What the update printed, if anything (the check of an atomic update).</summary>
    public string Output { get; init; } = "";
}
