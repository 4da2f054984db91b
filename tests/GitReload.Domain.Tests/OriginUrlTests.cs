using GitReload.Domain.Checkouts;

namespace GitReload.Domain.Tests;

public class OriginUrlTests
{
    [Theory]
    [InlineData("https://deploy:ghp_Secret123@github.com/org/course.git", "https://***@github.com/org/course.git")]
    [InlineData("https://ghp_Secret123@github.com/org/course.git", "https://***@github.com/org/course.git")]
    [InlineData("http://user:p@ss@gitea.example.edu:3000/org/course.git", "http://***@gitea.example.edu:3000/org/course.git")]
    [InlineData("ssh://git@127.0.0.1:2222/srv/course.git", "ssh://***@127.0.0.1:2222/srv/course.git")]
    [InlineData("https://deploy:tok@host", "https://***@host")]
    public void Credentials_in_a_url_are_hidden(string url, string shown) => Assert.Equal(shown, OriginUrl.Redact(url));

    [Theory]
    [InlineData("git@github.com:org/course.git")]
    [InlineData("https://github.com/org/course.git")]
    [InlineData("/srv/origins/course.git")]
    [InlineData("https://github.com/org/course.git?ref=a@b")]
    [InlineData("https://github.com/users/a@b/course.git")]
    [InlineData("")]
    [InlineData("""{"url":"https://github.com","mail":"ops@example.edu"}""")]
    [InlineData("<https://github.com>, <ops@example.edu>")]
    public void A_url_without_credentials_is_shown_as_it_is(string url) => Assert.Equal(url, OriginUrl.Redact(url));

    [Fact]
    public void Every_url_in_a_text_is_hidden_and_the_text_around_them_kept() =>
        Assert.Equal(
            "git fetch of course (origin https://***@host/a.git) failed; mirror http://***@mirror/a.git, mail ops@example.edu",
            OriginUrl.Redact("git fetch of course (origin https://u:t0k@host/a.git) failed; mirror http://x@mirror/a.git, mail ops@example.edu"));

    [Fact]
    public void Credentials_on_separate_lines_of_output_are_each_hidden() =>
        Assert.Equal("Cloning https://***@h/a.git\nremote: https://***@h/b.git\n", OriginUrl.Redact("Cloning https://a:b@h/a.git\nremote: https://c@h/b.git\n"));
}
