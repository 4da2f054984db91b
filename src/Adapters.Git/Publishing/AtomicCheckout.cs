using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// What GitReload recorded for a checkout it publishes atomically, in its store: the branch it
/// follows (the store's HEAD) and its origin. A tree's own HEAD is its commit, detached, so the
/// decision rules read these instead, and answer a hook exactly as for a checkout in place.
/// </summary>
internal static class AtomicCheckout
{
    /// <summary>The recorded state; <see cref="CheckoutState.NotCloned"/> when the store cannot be read.</summary>
    public static CheckoutState Recorded(string store)
    {
        try
        {
            using var repo = new Repository(store);
            if (repo.Info.IsHeadDetached) return new CheckoutState.Detached();
            var branch = repo.Head.FriendlyName;
            return repo.Network.Remotes["origin"] is { } origin
                ? new CheckoutState.OnBranch(branch, origin.Url)
                : new CheckoutState.NoOrigin(branch);
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return new CheckoutState.NotCloned();
        }
    }
}
