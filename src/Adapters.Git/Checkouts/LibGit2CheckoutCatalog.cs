using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Lists the checkouts under <c>REPODIR</c> with libgit2: folders that are no checkout, whose name
/// no hook could carry, or that are links leading outside <c>REPODIR</c>, are left out. A checkout
/// published atomically shows what GitReload recorded for it, its published commit as HEAD, and the
/// commits it keeps for a rollback. Pinned by <c>LibGit2CheckoutCatalogTests</c> and <c>AtomicCheckoutsTests</c>.
/// </summary>
public sealed class LibGit2CheckoutCatalog(GitCheckoutSettings settings) : ICheckoutCatalog
{
    /// <inheritdoc />
    public Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken) =>
        Task.Run(ListNow, cancellationToken);

    /// <inheritdoc />
    public Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken) =>
        Task.Run(() => Summarize(repo).IfNone(() => new RegisteredCheckout(repo, new CheckoutState.NotCloned(), None)), cancellationToken);

    private Seq<RegisteredCheckout> ListNow()
    {
        if (!LibGit2Checkouts.IsReadableDirectory(settings.RepoDir)) return Seq<RegisteredCheckout>();
        return toSeq(Directory.EnumerateDirectories(settings.RepoDir)
                .Select(Path.GetFileName)
                .OrderBy(name => name, StringComparer.Ordinal))
            .Bind(name => RepoName.Parse(name!).ToOption().ToSeq())
            .Bind(repo => Summarize(repo).ToSeq());
    }

    private Option<RegisteredCheckout> Summarize(RepoName name)
    {
        try
        {
            var path = Path.Combine(settings.RepoDir, name.Value);
            if (LinkedCheckout.Outside(settings.RepoDir, path).IsSome) return None;
            var layout = new Publishing.StoreLayout(settings.RepoDir, name);
            foreach (var published in layout.Published())
                return new RegisteredCheckout(name, Publishing.AtomicCheckout.Recorded(layout.GitDir), published.Sha) { Publication = layout.Shelf().Publication(settings.PublishKeep) };
            using var repo = WorkingTree.Open(path);
            if (repo is null) return None;
            CheckoutState state = repo.Info.IsHeadDetached
                ? new CheckoutState.Detached()
                : repo.Network.Remotes["origin"] is { } origin
                    ? new CheckoutState.OnBranch(repo.Head.FriendlyName, origin.Url)
                    : new CheckoutState.NoOrigin(repo.Head.FriendlyName);
            return new RegisteredCheckout(name, state, Optional(repo.Head.Tip).Map(c => c.Sha));
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return None;
        }
    }
}
