using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// What an update left in a checkout: HEAD's commit and the index file's own checksum (its last
/// 20 bytes, a hash of everything before them). Found again unchanged at the next update, it
/// proves nobody touched the index or moved HEAD in between, so the index still holds exactly
/// HEAD's tree, which <see cref="HardReset"/> needs to skip libgit2's second pass. git and libgit2
/// write a new index as a whole (a lock file renamed into place), so any change shows in the checksum.
/// </summary>
internal sealed record LeftBehind(string Head, string IndexChecksum)
{
    /// <summary>The checkout as it is now; nothing for an unborn or detached HEAD, or an index without a checksum.</summary>
    public static Option<LeftBehind> Of(Repository repo) =>
        repo.Info.IsHeadDetached || repo.Head.Tip is not { } tip
            ? None
            : IndexFile.Checksum(Path.Combine(repo.Info.Path, "index")).Map(checksum => new LeftBehind(tip.Sha, checksum));
}
