using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>What can go wrong publishing a checkout atomically, in words an operator can act on.</summary>
internal static class AtomicFailures
{
    public static JobFailure NotAtomic(RepoName repo) =>
        JobFailure.Permanent($"{repo}: the checkout is not published atomically (PUBLISH), so there is no earlier tree to go back to; nothing was changed");

    public static JobFailure NothingKept(RepoName repo, string published) =>
        JobFailure.Permanent($"{repo}: no tree older than the published one ({Sha.Short(published)}) is kept (PUBLISH_KEEP), so there is nothing to go back to; nothing was changed");

    public static JobFailure GitFileCheckout(RepoName repo, string path) =>
        JobFailure.Permanent($"{repo}: {path}/.git is a file (a linked worktree or a submodule), not a folder; atomic publishing needs a checkout with a .git folder of its own");

    public static JobFailure NotPublished(RepoName repo, string sha, string published, Exception error) =>
        JobFailure.Permanent($"{repo}: the tree of {Sha.Short(sha)} could not be published ({error.Message}); readers keep {published}");

    public static JobFailure Unreadable(RepoName repo, string what, Exception error) =>
        JobFailure.Permanent($"{repo}: {what} cannot be read ({error.Message.ReplaceLineEndings(" ")})");

    public static JobFailure PublishedAtomically(RepoName repo) =>
        JobFailure.Permanent($"{repo}: the checkout is published atomically; it is updated by publishing a new tree, never in place");

    public static JobFailure NotMadeInPlace(RepoName repo, Exception error) =>
        JobFailure.Permanent($"{repo}: the checkout published atomically could not be made an ordinary folder again ({error.Message}); it is left as it was");
}
