using GitReload.Adapters.Git.Ssh;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

/// <summary>The ssh command for a URL, as git 2.x builds it (connect.c), for OpenSSH.</summary>
public sealed class SshCommandTests
{
    private static string Arguments(string url) =>
        SshCommand.For(url, "git-upload-pack", Option<string>.None).Match(
            Right: command => string.Join(" | ", command.Arguments),
            Left: why => why.Match(notSsh: _ => "refused, not ssh: ", hostLikeAnOption: _ => "refused, host: ", pathLikeAnOption: _ => "refused, path: ") + why.Message);

    [Theory]
    [InlineData("git@github.com:org/course.git", "git@github.com | git-upload-pack 'org/course.git'")]
    [InlineData("alias:/srv/git/course.git", "alias | git-upload-pack '/srv/git/course.git'")]
    [InlineData("ssh://git@github.com/org/course.git", "git@github.com | git-upload-pack '/org/course.git'")]
    [InlineData("ssh://git@host:2222/org/course.git", "-p | 2222 | git@host | git-upload-pack '/org/course.git'")]
    [InlineData("git+ssh://host/org/course.git", "host | git-upload-pack '/org/course.git'")]
    [InlineData("ssh+git://host/org/course.git", "host | git-upload-pack '/org/course.git'")]
    [InlineData("ssh://host/~user/course.git", "host | git-upload-pack '~user/course.git'")]
    [InlineData("ssh://[::1]:2222/course.git", "-p | 2222 | ::1 | git-upload-pack '/course.git'")]
    [InlineData("host:it's here!.git", @"host | git-upload-pack 'it'\''s here'\!'.git'")]
    public void Names_a_port_only_when_the_url_does_and_quotes_the_path_as_git_does(string url, string expected) =>
        Assert.Equal(expected, Arguments(url));

    [Theory]
    [InlineData("ssh://-oProxyCommand=evil/course.git", "refused, host: the host of 'ssh://-oProxyCommand=evil/course.git' begins with '-'")]
    [InlineData("-oProxyCommand=evil:course.git", "refused, host: the host of '-oProxyCommand=evil:course.git' begins with '-'")]
    [InlineData("host:-course.git", "refused, path: the path of 'host:-course.git' begins with '-'")]
    [InlineData("https://host/course.git", "refused, not ssh: 'https://host/course.git' is not an ssh URL")]
    [InlineData("/srv/git/course.git", "refused, not ssh: '/srv/git/course.git' is not an ssh URL")]
    public void Refuses_a_url_ssh_would_take_for_an_option_or_that_is_no_ssh_url(string url, string expected) =>
        Assert.Equal(expected, Arguments(url));

    [Fact]
    public void Runs_core_sshCommand_through_the_shell_with_the_arguments_as_its_own()
    {
        var command = SshCommand.For("host:course.git", "git-upload-pack", Option<string>.Some("ssh -i key")).Match(Right: c => c, Left: why => throw new InvalidOperationException(why.Message));

        var start = command.StartInfo();

        Assert.Equal("/bin/sh", start.FileName);
        Assert.Equal(["-c", "ssh -i key \"$@\"", "ssh -i key", "host", "git-upload-pack 'course.git'"], start.ArgumentList);
    }
}
