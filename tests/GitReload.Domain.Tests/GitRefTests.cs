using GitReload.Domain.Hooks;

namespace GitReload.Domain.Tests;

public class GitRefTests
{
    [Theory]
    [InlineData("refs/heads/master", "Branch { Name = master }")]
    [InlineData("refs/heads/feature/x", "Branch { Name = feature/x }")]
    [InlineData("refs/tags/v1.0", "Tag { Name = v1.0 }")]
    [InlineData("refs/heads/", "Other { FullName = refs/heads/ }")]
    [InlineData("master", "Other { FullName = master }")]
    [InlineData("refs/pull/1/head", "Other { FullName = refs/pull/1/head }")]
    public void A_full_ref_is_read_as_branch_tag_or_other(string fullName, string expected) =>
        Assert.Equal(expected, GitRef.Parse(fullName).ToString());

    [Fact]
    public void A_tag_named_like_the_branch_is_not_the_branch() =>
        Assert.False(GitRef.Parse("refs/tags/master").IsBranch("master"));

    [Theory]
    [InlineData("0000000000000000000000000000000000000000", false, true)]
    [InlineData(Some.Sha, true, true)]
    [InlineData(Some.Sha, false, false)]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    public void A_push_removes_its_ref_when_deleted_or_moved_to_zeros(string? after, bool deleted, bool removes) =>
        Assert.Equal(removes, new RefUpdate("refs/heads/master", LanguageExt.Prelude.Optional(after), deleted).RemovesRef);
}
