using GitReload.Domain.Hooks;

namespace GitReload.Domain.Tests;

public class RepoNameTests
{
    [Theory]
    [InlineData("Hello-World")]
    [InlineData("course.v2")]
    [InlineData("cours-été")]
    [InlineData("..hidden")]
    [InlineData("a..b")]
    public void A_plain_folder_name_is_accepted_unchanged(string name) =>
        Assert.Equal(name, RepoName.Parse(name).Match(r => r.Value, e => e.Message));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("a\\b")]
    [InlineData("..\\..\\x")]
    [InlineData("bad\u0000name")]
    [InlineData("bad\nname")]
    [InlineData("bad\u001bname")]
    [InlineData("bad\u0085name")]
    public void A_name_that_could_leave_REPODIR_is_rejected(string name) =>
        Assert.Equal("Repository name not valid", RepoName.Parse(name).Match(r => "accepted " + r.Value, e => e.Message));

    [Fact]
    public void A_missing_name_is_rejected() => Assert.True(RepoName.Parse(null).IsLeft);

    [Fact]
    public void A_name_longer_than_a_file_system_allows_is_rejected()
    {
        Assert.True(RepoName.Parse(new string('a', RepoName.MaxLength)).IsRight);
        Assert.True(RepoName.Parse(new string('a', RepoName.MaxLength + 1)).IsLeft);
    }

    [Fact]
    public void Names_are_equal_by_value() => Assert.Equal(Some.Repo("x"), Some.Repo("x"));
}
