using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsInspectTests
{
    private static Task<CheckoutState> Inspect(string repoDir) =>
        new LibGit2Checkouts(new GitCheckoutSettings(repoDir)).Inspect(Some.Repo, CancellationToken.None);

    [Fact]
    public async Task Inspect_finds_a_clone_on_its_branch_with_its_origin_url()
    {
        using var repos = TempRepos.WithClone();

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_reads_the_branch_from_the_checkout()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "checkout", "--quiet", "-b", Some.OtherBranch);

        Assert.Equal(new CheckoutState.OnBranch(Some.OtherBranch, repos.OriginPath), await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_counts_an_empty_clone_as_on_its_unborn_branch()
    {
        using var repos = TempRepos.WithEmptyClone();

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_reports_a_missing_repodir_as_missing_not_unreadable()
    {
        using var repos = TempRepos.WithClone();

        Assert.False(Assert.IsType<CheckoutState.NoRepoDir>(await Inspect(Path.Combine(repos.Root, "no-such-dir"))).Unreadable);
    }

    [Fact]
    public async Task Inspect_reports_a_repodir_that_is_a_file_as_missing()
    {
        using var repos = TempRepos.WithClone();
        var file = Path.Combine(repos.Root, "a-file");
        File.WriteAllText(file, "");

        Assert.False(Assert.IsType<CheckoutState.NoRepoDir>(await Inspect(file)).Unreadable);
    }

    [Fact]
    public async Task Inspect_reports_a_repository_never_cloned_as_not_cloned()
    {
        using var repos = TempRepos.WithoutClone();

        Assert.IsType<CheckoutState.NotCloned>(await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_does_not_take_a_plain_folder_for_a_checkout_when_repodir_sits_inside_a_repository()
    {
        using var repos = TempRepos.WithoutClone();
        Git.Run(repos.Root, "init", "--quiet");
        Directory.CreateDirectory(repos.Checkout);
        File.WriteAllText(repos.InCheckout("notes.txt"), "not a clone");

        Assert.IsType<CheckoutState.NotCloned>(await Inspect(repos.RepoDir));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".git")]
    public async Task Inspect_does_not_take_a_bare_repository_for_a_checkout(string folder)
    {
        using var repos = TempRepos.WithoutClone();
        Git.Run(repos.RepoDir, "clone", "--quiet", "--bare", repos.OriginPath, Path.Combine(repos.Checkout, folder));

        Assert.IsType<CheckoutState.NotCloned>(await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_does_not_take_a_git_directory_in_place_of_the_checkout_for_one()
    {
        // libgit2 opens such a folder with REPODIR as its working tree; updating it would clean REPODIR.
        using var repos = TempRepos.WithClone();
        Directory.Move(repos.InCheckout(".git"), Path.Combine(repos.RepoDir, "copied"));
        Directory.Delete(repos.Checkout, recursive: true);
        Directory.Move(Path.Combine(repos.RepoDir, "copied"), repos.Checkout);

        Assert.IsType<CheckoutState.NotCloned>(await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_reports_a_corrupt_repository_as_not_cloned()
    {
        using var repos = TempRepos.WithClone();
        File.WriteAllText(repos.InCheckout(".git/HEAD"), "garbage");

        Assert.IsType<CheckoutState.NotCloned>(await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_reports_a_corrupt_repository_whose_path_has_a_brace_as_not_cloned()
    {
        // libgit2's message names the path, and LibGit2Sharp takes a brace in it for a format item.
        using var repos = TempRepos.WithoutClone();
        var name = RepoName.Parse("course{1}").Match(Right: n => n, Left: e => throw new InvalidOperationException(e.Message));
        Git.Run(repos.RepoDir, "init", "--quiet", name.Value);
        File.WriteAllText(Path.Combine(repos.RepoDir, name.Value, ".git", "config"), "[core\n");

        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));

        Assert.IsType<CheckoutState.NotCloned>(await checkouts.Inspect(name, CancellationToken.None));
        Assert.StartsWith($"{name}: the checkout at {Path.Combine(repos.RepoDir, name.Value)} cannot be opened (failed to parse config file: ",
            Updates.Failed(await checkouts.Update(name, Some.Branch, CancellationToken.None)).Message);
    }

    [Fact]
    public async Task Inspect_reports_a_checkout_of_a_commit_as_detached()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "checkout", "--quiet", "--detach");

        Assert.IsType<CheckoutState.Detached>(await Inspect(repos.RepoDir));
    }

    [Fact]
    public async Task Inspect_names_the_branch_of_a_checkout_without_origin()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "remote", "remove", "origin");

        Assert.Equal(new CheckoutState.NoOrigin(Some.Branch), await Inspect(repos.RepoDir));
    }
}
