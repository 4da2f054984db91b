using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Lists the checkouts under <c>REPODIR</c> with libgit2: folders that are no checkout, whose name
/// no hook could carry, or that are links leading outside <c>REPODIR</c>, are left out. Pinned by
/// <c>LibGit2CheckoutCatalogTests</c>.
/// </summary>
public sealed class LibGit2CheckoutCatalog(GitCheckoutSettings settings) : ICheckoutCatalog
{
    /// <inheritdoc />
    public Task<Seq<CheckoutSummary>> List(CancellationToken cancellationToken) =>
        Task.Run(ListNow, cancellationToken);

    private Seq<CheckoutSummary> ListNow()
    {
        if (!LibGit2Checkouts.IsReadableDirectory(settings.RepoDir)) return Seq<CheckoutSummary>();
        return toSeq(Directory.EnumerateDirectories(settings.RepoDir)
                .Select(Path.GetFileName)
                .OrderBy(name => name, StringComparer.Ordinal))
            .Bind(name => RepoName.Parse(name!).ToOption().ToSeq())
            .Bind(repo => Summarize(repo).ToSeq());
    }

    private Option<CheckoutSummary> Summarize(RepoName name)
    {
        try
        {
            var path = Path.Combine(settings.RepoDir, name.Value);
            if (LinkedCheckout.Outside(settings.RepoDir, path).IsSome) return None;
            using var repo = WorkingTree.Open(path);
            if (repo is null) return None;
            var branch = repo.Info.IsHeadDetached ? None : Some(repo.Head.FriendlyName);
            var head = Optional(repo.Head.Tip).Map(c => c.Sha);
            return new CheckoutSummary(name, branch, head);
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return None;
        }
    }
}
