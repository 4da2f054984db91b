using LanguageExt;

namespace GitReload.Domain.Publishing;

/// <summary>
/// The trees of one checkout published atomically: the one <c>REPODIR/&lt;name&gt;</c> points at, if
/// any, and the others on disk. Decides which tree comes next, which one a rollback goes back to, and
/// which are kept (<c>PUBLISH_KEEP</c>) or removed.
/// </summary>
/// <param name="Published">The tree readers see now.</param>
/// <param name="Others">Every other complete tree.</param>
public sealed record TreeShelf(Option<TreeId> Published, Seq<TreeId> Others)
{
    /// <summary>The tree to make next for <paramref name="sha"/>: numbered after every tree there is, <paramref name="leftovers"/> included (trees still being removed).</summary>
    public TreeId Next(string sha, Seq<TreeId> leftovers) =>
        new(All.Concat(leftovers).Fold(0L, (most, tree) => Math.Max(most, tree.Number)) + 1, sha);

    /// <summary>The tree published before the one published now: the newest tree older than it.</summary>
    public Option<TreeId> RollbackTarget => Published.Bind(now => Older(now).HeadOrNone());

    /// <summary>The trees kept for a rollback: the <paramref name="keep"/> newest older than the published one, newest first.</summary>
    public Seq<TreeId> Kept(int keep) => Published.Match(now => Older(now).Take(keep).ToSeq(), () => Seq<TreeId>.Empty);

    /// <summary>
    /// The trees to remove: all but the published one and those <see cref="Kept"/>. After a rollback that
    /// includes the trees newer than the published one: a new push makes a new tree.
    /// </summary>
    public Seq<TreeId> Surplus(int keep)
    {
        var kept = Kept(keep);
        return Others.Filter(tree => !kept.Exists(k => k == tree));
    }

    /// <summary>What the registry and the dashboard show: the published commit and those kept.</summary>
    public Option<Publication> Publication(int keep) =>
        Published.Map(now => new Publication(now.Sha, Kept(keep).Map(tree => tree.Sha)));

    private Seq<TreeId> All => Published.ToSeq() + Others;

    private Seq<TreeId> Older(TreeId now) => Others.Filter(tree => tree.Number < now.Number).OrderByDescending(tree => tree.Number).ToSeq();
}
