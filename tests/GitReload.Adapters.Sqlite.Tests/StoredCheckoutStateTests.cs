using GitReload.Adapters.Journal;
using GitReload.Domain.Checkouts;
using LanguageExt;

namespace GitReload.Adapters.Sqlite.Tests;

public sealed class StoredCheckoutStateTests
{
    public static TheoryData<CheckoutState> States() =>
    [
        new CheckoutState.OnBranch("master", "git@example.org:org/course.git"),
        new CheckoutState.NoOrigin("master"),
        new CheckoutState.Detached(),
        new CheckoutState.NotCloned(),
    ];

    [Theory]
    [MemberData(nameof(States))]
    public void Every_state_reads_back_as_it_was_stored(CheckoutState state)
    {
        var (stored, branch, origin) = Names.Of(state);
        Assert.Equal(state, Names.State(stored, Prelude.Optional(branch), Prelude.Optional(origin)));
    }

    [Fact]
    public void A_row_on_a_branch_whose_branch_was_lost_reads_as_detached_and_so_is_never_a_target() =>
        Assert.Equal(new CheckoutState.Detached(), Names.State("on_branch", Option<string>.None, Option<string>.Some("git@example.org:org/course.git")));

    [Fact]
    public void A_row_on_a_branch_whose_origin_was_lost_reads_as_a_checkout_without_origin() =>
        Assert.Equal(new CheckoutState.NoOrigin("master"), Names.State("on_branch", Option<string>.Some("master"), Option<string>.None));
}
