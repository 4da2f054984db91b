using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutCatalogTests
{
    private static Task<Seq<RegisteredCheckout>> List(string repoDir) =>
        new LibGit2CheckoutCatalog(new GitCheckoutSettings(repoDir)).List(CancellationToken.None);

    [Fact]
    public async Task Every_checkout_is_listed_by_name_with_its_branch_and_head_and_other_folders_are_left_out()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "detached");
        Git.Run(Path.Combine(repos.RepoDir, "detached"), "checkout", "--quiet", "--detach");
        Git.Run(repos.RepoDir, "clone", "--quiet", "--bare", repos.OriginPath, "bare");
        Directory.CreateDirectory(Path.Combine(repos.RepoDir, "notes"));
        var head = repos.CheckoutHead();

        var listed = await List(repos.RepoDir);

        Assert.Equal(
            [(Some.Repo.Value, Some.Branch, head), ("detached", "(detached)", head)],
            listed.Map(c => (c.Repo.Value, c.Branch.IfNone("(detached)"), c.Head.IfNone("(none)"))).ToArray());
    }

    [Fact]
    public async Task A_checkout_folder_that_links_outside_repodir_is_left_out_and_one_that_links_inside_is_listed()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Root, "clone", "--quiet", repos.OriginPath, "elsewhere");
        Directory.CreateSymbolicLink(Path.Combine(repos.RepoDir, "outside"), Path.Combine(repos.Root, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(repos.RepoDir, "inside"), Some.Repo.Value);

        var listed = await List(repos.RepoDir);

        Assert.Equal([Some.Repo.Value, "inside"], listed.Map(c => c.Repo.Value).ToArray());
    }

    [Fact]
    public async Task Folders_meant_as_checkouts_that_cannot_be_used_are_named_with_why_until_they_are_mended()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "owned");
        var owned = Path.Combine(repos.RepoDir, "owned");
        Git.Run(repos.Root, "clone", "--quiet", repos.OriginPath, "elsewhere");
        Directory.CreateSymbolicLink(Path.Combine(repos.RepoDir, "outside"), Path.Combine(repos.Root, "elsewhere"));
        Directory.CreateDirectory(Path.Combine(repos.RepoDir, "broken", ".git"));
        Directory.CreateDirectory(Path.Combine(repos.RepoDir, "notes"));
        // Every file counts as settled: what was read is kept until a stamp moves, as on a host whose clones are old.
        var catalog = new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir)) { Clock = new Later() };

        Assert.Empty(catalog.Refused);
        Assert.Equal([Some.Repo.Value, "owned"], (await catalog.List(CancellationToken.None)).Map(c => c.Repo.Value).ToArray());

        // Given away by hand after it was listed: a chown moves no modification time, yet the next listing sees it.
        Shell.Run("/", "chown -R 65534:65534 \"$1\"", owned);
        var listed = await catalog.List(CancellationToken.None);

        Assert.Equal([Some.Repo.Value], listed.Map(c => c.Repo.Value).ToArray());
        Assert.Equal(
            [
                ("broken", $"{repos.RepoDir}/broken has a .git that git cannot open as a repository: clone it again"),
                ("outside", $"{repos.RepoDir}/outside is a symbolic link leading outside REPODIR, to {repos.Root}/elsewhere, which GitReload refuses: move the clone into REPODIR"),
                ("owned", new GitReload.Domain.Checkouts.ForeignOwner(65534, 0).Refusal($"{repos.RepoDir}/owned")),
            ],
            catalog.Refused.Map(f => (f.Repo.Value, f.Reason)).ToArray());

        Shell.Run("/", "chown -R 0:0 \"$1\" && rm \"$2\"", owned, Path.Combine(repos.RepoDir, "outside"));
        listed = await catalog.List(CancellationToken.None);

        Assert.Equal([Some.Repo.Value, "owned"], listed.Map(c => c.Repo.Value).ToArray());
        Assert.Equal(["broken"], catalog.Refused.Map(f => f.Repo.Value).ToArray());
    }

    [Fact]
    public async Task An_empty_clone_is_listed_without_a_head()
    {
        using var repos = TempRepos.WithEmptyClone();

        var listed = await List(repos.RepoDir);

        Assert.Equal([(Some.Repo.Value, Some.Branch, "(none)")], listed.Map(c => (c.Repo.Value, c.Branch.IfNone("(detached)"), c.Head.IfNone("(none)"))).ToArray());
    }

    [Fact]
    public async Task One_checkout_is_read_with_its_origin_and_a_gone_one_as_not_cloned()
    {
        using var repos = TempRepos.WithClone();
        var catalog = new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir));

        var read = await catalog.Read(Some.Repo, CancellationToken.None);
        var gone = await catalog.Read((GitReload.Domain.Hooks.RepoName)GitReload.Domain.Hooks.RepoName.Parse("gone"), CancellationToken.None);

        Assert.Equal(new GitReload.Domain.Checkouts.CheckoutState.OnBranch(Some.Branch, repos.OriginPath), read.State);
        Assert.Equal(repos.CheckoutHead(), read.Head.IfNone(""));
        Assert.IsType<GitReload.Domain.Checkouts.CheckoutState.NotCloned>(gone.State);
    }

    [Fact]
    public async Task A_missing_repodir_lists_nothing()
    {
        using var repos = TempRepos.WithoutClone();

        Assert.Empty(await List(Path.Combine(repos.Root, "nowhere")));
    }
    [Fact]
    public async Task A_listing_reads_with_libgit2_only_the_checkouts_whose_head_refs_or_config_moved()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.RepoDir, "clone", "--quiet", repos.OriginPath, "second");
        var second = Path.Combine(repos.RepoDir, "second");
        var catalog = new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir)) { Clock = new Later() };

        await catalog.List(CancellationToken.None);
        await catalog.List(CancellationToken.None);
        var unchanged = catalog.Reads;
        Git.Run(repos.Checkout, "commit", "--quiet", "--allow-empty", "-m", "moved");
        var committed = await catalog.List(CancellationToken.None);
        var afterCommit = catalog.Reads;
        Git.Run(second, "checkout", "--quiet", "-b", "other");
        Git.Run(repos.Checkout, "remote", "set-url", "origin", "/elsewhere.git");
        var switched = await catalog.List(CancellationToken.None);
        var afterSwitch = catalog.Reads;
        Directory.Delete(second, recursive: true);
        var gone = await catalog.List(CancellationToken.None);

        Assert.Equal((2L, 3L, 5L, 5L), (unchanged, afterCommit, afterSwitch, catalog.Reads));
        Assert.Equal(repos.CheckoutHead(), committed.Find(c => c.Repo == Some.Repo).Bind(c => c.Head).IfNone(""));
        Assert.Equal(
            [(Some.Repo.Value, Some.Branch + " @ /elsewhere.git"), ("second", "other @ " + repos.OriginPath)],
            switched.Map(c => (c.Repo.Value, c.State is GitReload.Domain.Checkouts.CheckoutState.OnBranch b ? $"{b.Branch} @ {b.OriginUrl}" : "?")).ToArray());
        Assert.Equal([Some.Repo.Value], gone.Map(c => c.Repo.Value).ToArray());
    }

    [Fact]
    public async Task A_checkout_whose_files_changed_within_two_seconds_is_read_again_at_every_listing()
    {
        using var repos = TempRepos.WithClone();
        var catalog = new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir)) { Clock = new Earlier() };

        await catalog.List(CancellationToken.None);
        await catalog.List(CancellationToken.None);

        Assert.Equal(2L, catalog.Reads);
    }

    // A clock an hour ahead: every file counts as settled, so only a real change makes a checkout read again.
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddHours(1);
    }

    // A clock an hour behind: every file looks just written.
    private sealed class Earlier : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddHours(-1);
    }
}
