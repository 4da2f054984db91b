using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using LanguageExt;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// <see cref="PlainCheckout"/> against libgit2: each way of leaving a checkout is built with the git CLI,
/// then read plainly and with libgit2. A plain read is either nothing (left to libgit2) or exactly what
/// libgit2 reads, and the ways git leaves a clone are read plainly.
/// </summary>
public sealed class PlainCheckoutTests : IDisposable
{
    private readonly TempRepos repos = TempRepos.WithClone();

    public void Dispose() => repos.Dispose();

    private static readonly string[] NoUserConfig = [];

    // (name, script run in the checkout, whether the files read plainly)
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "as cloned", "true", true },
        { "a branch with slashes", "git switch --quiet -c feature/deep/name", true },
        { "a branch named in UTF-8", "git switch --quiet -c cours-été", true },
        { "a packed branch", "git branch packed && git pack-refs --all && git switch --quiet packed", true },
        { "every ref packed", "git pack-refs --all", true },
        { "an unborn branch", "git symbolic-ref HEAD refs/heads/unborn", true },
        { "an unborn branch with refs packed", "git pack-refs --all && git symbolic-ref HEAD refs/heads/unborn", true },
        { "no origin", "git remote remove origin", true },
        { "origin renamed", "git remote rename origin upstream", true },
        { "another remote beside origin", "git remote add mirror /elsewhere/mirror.git", true },
        { "other settings, comments and spaces", "git config user.name 'A Person' && printf '# a comment\\n\\t; another\\n[Core]\\n\\tfilemode = true # kept\\n' >> .git/config", true },
        { "origin's section written by hand", "git remote remove origin && printf '[remote \"origin\"]\\n  URL = %s  \\n' \"$1\" >> .git/config", true },
        { "a branch listed twice in packed-refs", $"git commit --quiet --allow-empty -m second && git pack-refs --all && echo \"$(git rev-parse HEAD~1) refs/heads/{Some.Branch}\" >> .git/packed-refs", true },
        { "a detached HEAD", "git switch --quiet --detach", false },
        { "HEAD with blanks after the branch", $"printf 'ref: refs/heads/{Some.Branch}  \\n' > .git/HEAD", false },
        { "HEAD with a tab after the branch", $"printf 'ref: refs/heads/{Some.Branch}\\t\\n' > .git/HEAD", false },
        { "HEAD without its newline", $"printf 'ref: refs/heads/{Some.Branch}' > .git/HEAD", false },
        { "HEAD on a name with a space", "printf 'ref: refs/heads/ma in\\n' > .git/HEAD", false },
        { "HEAD on a name ending in .lock", "printf 'ref: refs/heads/main.lock\\n' > .git/HEAD", false },
        { "HEAD with a NUL", "printf 'ref: refs/heads/de\\0vel\\n' > .git/HEAD", false },
        { "HEAD on a name that is not UTF-8", "printf 'ref: refs/heads/caf\\351\\n' > .git/HEAD", false },
        { "origin's URL with a NUL", "git remote remove origin && printf '[remote \"origin\"]\\n\\turl = %s\\0junk\\n' \"$1\" >> .git/config", false },
        { "HEAD on a tag", "git tag v1 && git symbolic-ref HEAD refs/tags/v1", false },
        { "HEAD on a remote-tracking ref", $"git symbolic-ref HEAD refs/remotes/origin/{Some.Branch}", false },
        { "a branch ref that is symbolic", $"git symbolic-ref refs/heads/{Some.Branch} refs/heads/other", false },
        { "origin rewritten by insteadOf", "git config url.file:///rewritten/.insteadOf /", false },
        { "a config that includes another", "printf '[remote \"origin\"]\\n\\turl = /included\\n' > .git/more && git config include.path more", false },
        { "origin's URL quoted", "git remote remove origin && printf '[remote \"origin\"]\\n\\turl = \"%s\"\\n' \"$1\" >> .git/config", false },
        { "origin's URL with a space", "git remote set-url origin '/a path/origin.git'", false },
        { "origin's URL with a comment after it", "git remote remove origin && printf '[remote \"origin\"]\\n\\turl = %s # a comment\\n' \"$1\" >> .git/config", true },
        { "origin's URL twice", "git config --add remote.origin.url /second.git", false },
        { "origin with a pushurl", "git remote set-url --push origin /push.git", false },
        { "a value with a backslash", "git config alias.x 'a\\b'", false },
        { "a continued line", "printf '[alias]\\n\\ty = a \\\\\\n[remote \"origin\"]\\n\\turl = /continued\\n' >> .git/config", false },
        { "the old form of a subsection", "printf '[remote.origin]\\n\\tfetch = x\\n' >> .git/config", false },
        { "a key before any section", "sed -i '1i stray = 1' .git/config", false },
        { "a bare repository's config", "git config core.bare true", false },
        { "a work tree set in the config", "git config core.worktree /elsewhere", false },
        { "an extension", "git config core.repositoryformatversion 1 && git config extensions.noop true", false },
        { "a newer repository format", "git config core.repositoryformatversion 2", false },
        { "no config at all", "rm .git/config", false },
        { "a packed-refs line of another shape", "git pack-refs --all && echo 'not a ref' >> .git/packed-refs && rm -f .git/refs/heads/*", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_plain_read_is_what_libgit2_reads_or_nothing(string name, string script, bool plain)
    {
        Shell.Run(repos.Checkout, script, repos.OriginPath);

        var read = PlainCheckout.Read(repos.Checkout, NoUserConfig);

        Assert.True(read.IsSome == plain, $"{name}: read plainly: {read.IsSome}, expected {plain}");
        foreach (var found in read)
            Assert.Equal((name, LibGit2Read(repos.Checkout)), (name, found));
    }

    [Fact]
    public void A_worktree_whose_git_is_a_file_is_left_to_libgit2()
    {
        var worktree = Path.Combine(repos.RepoDir, "worktree");
        Git.Run(repos.Checkout, "worktree", "add", "--quiet", "-b", "side", worktree);

        Assert.True(PlainCheckout.Read(worktree, NoUserConfig).IsNone);
        Assert.Equal("side", ((CheckoutState.OnBranch)LibGit2Read(worktree).State).Branch);
    }

    [Theory]
    [InlineData("[user]\n\tname = Someone\n[safe]\n\tdirectory = *\n", true)]
    [InlineData("[url \"file:///rewritten/\"]\n\tinsteadOf = /\n", false)]
    [InlineData("[remote \"origin\"]\n\turl = /from-the-user\n", false)]
    [InlineData("[include]\n\tpath = ~/.more\n", false)]
    [InlineData("[core]\n\tbare = true\n", false)]
    [InlineData("[alias]\n\tlg = \"log --graph\"\n", true)]
    [InlineData("[alias]\n\tlg = log \\\n --graph\n", false)]
    public void A_user_config_that_could_change_what_libgit2_reads_leaves_the_checkout_to_libgit2(string config, bool plain)
    {
        var user = Path.Combine(repos.Root, "user.gitconfig");
        File.WriteAllText(user, config);

        var read = PlainCheckout.Read(repos.Checkout, [user, Path.Combine(repos.Root, "absent")]);

        Assert.Equal(plain, read.IsSome);
    }

    [Fact]
    public async Task A_checkout_whose_head_holds_a_nul_is_left_out_and_the_others_are_listed()
    {
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "second");
        Shell.Run(repos.Checkout, "printf 'ref: refs/heads/de\\0vel\\n' > .git/HEAD");

        var listed = await new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir)).List(CancellationToken.None);

        Assert.Contains("second", listed.Map(c => c.Repo.Value));
    }

    [Fact]
    public async Task A_listing_of_plain_checkouts_opens_none_with_libgit2_and_the_others_with_it()
    {
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "second");
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "detached");
        Git.Run(Path.Combine(repos.RepoDir, "detached"), "switch", "--quiet", "--detach");
        var catalog = new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir));

        var listed = await catalog.List(CancellationToken.None);

        Assert.Equal(["demo-course", "detached", "second"], listed.Map(c => c.Repo.Value).ToArray());
        Assert.Equal((3L, 1L), (catalog.Reads, catalog.LibGit2Reads));
        Assert.All(listed, c => Assert.Equal(LibGit2Read(Path.Combine(repos.RepoDir, c.Repo.Value)), new PlainRead(c.State, c.Head)));
    }

    // What the catalog read with libgit2 before plain reads: the state as HEAD's detachment and origin say, HEAD's commit.
    private static PlainRead LibGit2Read(string path)
    {
        using var repo = new Repository(path);
        CheckoutState state = repo.Info.IsHeadDetached
            ? new CheckoutState.Detached()
            : repo.Network.Remotes["origin"] is { } origin
                ? new CheckoutState.OnBranch(repo.Head.FriendlyName, origin.Url)
                : new CheckoutState.NoOrigin(repo.Head.FriendlyName);
        return new PlainRead(state, Prelude.Optional(repo.Head.Tip).Map(c => c.Sha));
    }
}
