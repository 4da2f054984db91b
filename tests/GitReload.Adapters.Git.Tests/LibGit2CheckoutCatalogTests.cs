using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutCatalogTests
{
    private static Task<Seq<CheckoutSummary>> List(string repoDir) =>
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
    public async Task An_empty_clone_is_listed_without_a_head()
    {
        using var repos = TempRepos.WithEmptyClone();

        var listed = await List(repos.RepoDir);

        Assert.Equal([(Some.Repo.Value, Some.Branch, "(none)")], listed.Map(c => (c.Repo.Value, c.Branch.IfNone("(detached)"), c.Head.IfNone("(none)"))).ToArray());
    }

    [Fact]
    public async Task A_missing_repodir_lists_nothing()
    {
        using var repos = TempRepos.WithoutClone();

        Assert.Empty(await List(Path.Combine(repos.Root, "nowhere")));
    }
}
