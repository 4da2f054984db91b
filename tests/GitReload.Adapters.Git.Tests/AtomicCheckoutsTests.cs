using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;

namespace GitReload.Adapters.Git.Tests;

public sealed class AtomicCheckoutsTests
{
    [Fact]
    public async Task The_first_atomic_update_turns_the_checkout_into_a_link_to_a_clean_git_tree_of_the_new_commit()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        var before = repos.CheckoutHead();
        var pushed = repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v2\n", ["lib/answer.py"] = "v2\n" });

        var update = await atomic.Update();

        Assert.Equal(before, update.ShaBefore.IfNoneUnsafe((string?)null));
        Assert.Equal(pushed, update.ShaAfter);
        Assert.StartsWith(".gitreload/demo-course/trees/", new FileInfo(repos.Checkout).LinkTarget);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("lib/answer.py")));
        Assert.Equal(pushed, Git.Run(repos.Checkout, "rev-parse", "HEAD"));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
        Assert.Equal("", Git.Run(atomic.Published, "diff-files", "--name-only"));
    }

    [Fact]
    public async Task A_checkout_published_atomically_is_inspected_as_the_branch_and_origin_GitReload_recorded()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v2\n");
        await atomic.Update();

        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), state);
    }
}
