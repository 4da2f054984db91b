using GitReload.Domain.Publishing;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>
/// Tree numbers may be given again once every tree that held them is gone; what makes that safe: a new tree
/// is numbered above every folder there still is (trees, and those being made, removed or set aside), so its
/// name meets none of them and, among the trees there are, the order of numbers is the order they were made.
/// </summary>
public class TreeShelfTests
{
    private static readonly string A = new('a', 40), B = new('b', 40), C = new('c', 40);

    [Fact]
    public void A_new_tree_is_numbered_above_every_tree_there_is_and_every_leftover_being_made_removed_or_set_aside()
    {
        var shelf = new TreeShelf(Some(new TreeId(3, A)), Seq1(new TreeId(2, B)));

        Assert.Equal(new TreeId(8, C), shelf.Next(C, Seq(new TreeId(7, A), new TreeId(5, B))));
        Assert.Equal(new TreeId(4, C), shelf.Next(C, Seq<TreeId>()));
    }

    [Fact]
    public void A_rollback_goes_to_the_newest_tree_older_than_the_published_one_and_a_newer_one_is_surplus_never_kept()
    {
        var shelf = new TreeShelf(Some(new TreeId(3, A)), Seq(new TreeId(1, B), new TreeId(2, C), new TreeId(4, B)));

        Assert.Equal(new TreeId(2, C), shelf.RollbackTarget.IfNoneUnsafe((TreeId?)null));
        Assert.Equal([new TreeId(2, C)], shelf.Kept(1).ToArray());
        Assert.Equal([new TreeId(1, B), new TreeId(4, B)], shelf.Surplus(1).ToArray());
    }
}
