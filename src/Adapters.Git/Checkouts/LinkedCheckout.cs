using GitReload.Adapters.Git.FileSystem;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// A checkout folder that is a symbolic link. One that resolves inside <c>REPODIR</c> is a checkout
/// like any other (a checkout may be published as a link to a folder under REPODIR); one that
/// resolves outside would let an update write and delete wherever it points, and is refused.
/// Pinned by <c>LibGit2CheckoutsLinkTests</c> and <c>LibGit2CheckoutCatalogTests</c>.
/// </summary>
internal static class LinkedCheckout
{
    /// <summary>Right when <paramref name="checkout"/> may be used; refused when it is a link that leads to a folder outside <paramref name="repoDir"/>.</summary>
    public static Either<LinkLeadsOutside, Unit> Outside(string repoDir, string checkout) =>
        new DirectoryInfo(checkout).LinkTarget is null
            ? Unit.Default
            : RealPath.Of(checkout)
                .Filter(real => !RealPath.Of(repoDir).Exists(root => real.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)))
                .Match(
                    Some: target => Left<LinkLeadsOutside, Unit>(new LinkLeadsOutside(checkout, target)),
                    None: () => Right<LinkLeadsOutside, Unit>(Unit.Default));
}
