using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// <c>git reset --hard</c> to a commit of the checked-out branch, with libgit2. libgit2's reset
/// checks the tree out by force, which brings the working tree and the index to the tree, then
/// reads the same tree into the index again and writes the index a second time: a fifth of its
/// time on a 20,000-file checkout (docs/BENCHMARKS.md). The forced checkout is a whole reset only
/// when the index held HEAD's tree exactly beforehand: a change staged by hand (<c>git rm
/// --cached</c>, say) survives it. When the caller knows that (<see cref="LeftBehind"/>), the
/// checkout runs alone and the branch moves as libgit2's reset moves it; otherwise, or while a
/// merge, rebase or the like is in progress, libgit2's reset runs.
/// </summary>
internal static class HardReset
{
    private static readonly CheckoutOptions Force = new() { CheckoutModifiers = CheckoutModifiers.Force };

    /// <summary>Resets the working tree, the index and <paramref name="branch"/> (checked out, canonical name) to <paramref name="target"/>.</summary>
    public static void To(Repository repo, string branch, Commit target, bool indexHoldsHead)
    {
        if (indexHoldsHead && repo.Refs[branch] is DirectReference tip && repo.Info.CurrentOperation == CurrentOperation.None)
        {
            repo.Checkout(target.Tree, null, Force);
            repo.Refs.UpdateTarget(tip, target.Id, $"reset: moving to {target.Sha}");
        }
        else
        {
            repo.Reset(ResetMode.Hard, target);
        }
    }
}
