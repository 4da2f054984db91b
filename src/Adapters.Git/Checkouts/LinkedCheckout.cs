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
    /// <summary>Where <paramref name="checkout"/> leads, when it is a link that leads to a folder outside <paramref name="repoDir"/>.</summary>
    public static Option<string> Outside(string repoDir, string checkout) =>
        new DirectoryInfo(checkout).LinkTarget is null
            ? None
            : RealPath.Of(checkout).Filter(real => !RealPath.Of(repoDir).Exists(root => real.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal)));
}
