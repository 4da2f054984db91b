using System.Text;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// <see cref="KnownCheckouts"/> reads HEAD from its file, not with libgit2: pinned against the git CLI
/// for each way git leaves HEAD. Where git names a local branch, the kept read names that branch, as
/// libgit2 reading afresh does; where git names none, the kept read gives nothing, and libgit2 reading
/// afresh says the HEAD is on no branch (detached).
/// </summary>
public sealed class KnownCheckoutsLikeGitTests : IDisposable
{
    private readonly TempRepos repos = TempRepos.WithClone();

    public void Dispose() => repos.Dispose();

    private string GitDir => Path.Combine(repos.Checkout, ".git");

    // Applied one after the other, each with the git CLI, in the checkout.
    private static readonly (string Name, string Script)[] Steps =
    [
        ("as cloned", "true"),
        ("a branch with slashes", "git switch --quiet -c feature/deep/name"),
        ("a branch named in UTF-8", "git switch --quiet -c cours-été"),
        ("a detached HEAD", "git switch --quiet --detach"),
        ("back on a branch", $"git switch --quiet {Some.Branch}"),
        ("a packed branch", "git branch packed && git pack-refs --all && git switch --quiet packed"),
        ("an unborn branch", "git symbolic-ref HEAD refs/heads/unborn"),
        ("HEAD on a remote-tracking ref", $"git symbolic-ref HEAD refs/remotes/origin/{Some.Branch}"),
        ("HEAD on a tag", "git switch --quiet packed && git tag v1 && git symbolic-ref HEAD refs/tags/v1"),
    ];

    // The local branch git says HEAD is on, if any.
    private Option<string> GitBranch()
    {
        var output = Shell.Run(repos.Checkout, "git symbolic-ref --quiet HEAD || true");
        var head = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(output)).Trim();
        return head.StartsWith("refs/heads/", StringComparison.Ordinal) ? Prelude.Some(head["refs/heads/".Length..]) : Option<string>.None;
    }

    [Fact]
    public async Task The_kept_read_of_head_names_the_branch_git_names_and_nothing_where_git_names_none()
    {
        var known = new KnownCheckouts(KnownCheckouts.MaxKept);
        var config = new FileInfo(Path.Combine(GitDir, "config"));
        var settled = config.LastWriteTimeUtc + KnownCheckouts.Settle + TimeSpan.FromSeconds(1);
        known.Remember(GitDir, config, new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), settled);

        foreach (var (name, script) in Steps)
        {
            Shell.Run(repos.Checkout, script);
            var git = GitBranch();
            var kept = known.Read(GitDir);
            var fresh = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

            git.Match(
                Some: branch =>
                {
                    Assert.True(kept.IsSome, $"{name}: git names {branch}, the kept read nothing");
                    Assert.Equal((name, (CheckoutState)new CheckoutState.OnBranch(branch, repos.OriginPath)), (name, kept.IfNone(fresh)));
                    Assert.Equal((name, kept.IfNone(fresh)), (name, fresh));
                },
                None: () =>
                {
                    Assert.True(kept.IsNone, $"{name}: git names no branch, the kept read {kept.Map(k => k.ToString()).IfNone("")}");
                    Assert.Equal((name, (CheckoutState)new CheckoutState.Detached()), (name, fresh));
                });
        }
    }

    [Theory]
    [InlineData("ref: refs/heads/../../config")]
    [InlineData("ref: refs/heads/a/../b")]
    [InlineData("ref: refs/heads/./main")]
    [InlineData("ref: refs/heads/a//b")]
    [InlineData("ref: refs/heads/main/")]
    public void A_head_naming_a_branch_git_would_never_write_gives_no_kept_read(string head)
    {
        var known = new KnownCheckouts(KnownCheckouts.MaxKept);
        var config = new FileInfo(Path.Combine(GitDir, "config"));
        var settled = config.LastWriteTimeUtc + KnownCheckouts.Settle + TimeSpan.FromSeconds(1);
        known.Remember(GitDir, config, new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), settled);
        Assert.True(known.Read(GitDir).IsSome, "the checkout as cloned is kept");

        File.WriteAllText(Path.Combine(GitDir, "HEAD"), head + "\n");

        Assert.True(known.Read(GitDir).IsNone, $"{head}: the kept read names {known.Read(GitDir).Map(s => s.ToString()).IfNone("")}");
    }
}
