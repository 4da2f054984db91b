using GitReload.Domain.Jobs;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsUpdateFailureTests
{
    [Fact]
    public async Task Update_fails_for_good_when_origin_is_gone()
    {
        using var repos = TempRepos.WithClone();
        var head = repos.CheckoutHead();
        Directory.Delete(repos.OriginPath, recursive: true);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.StartsWith($"git fetch of {Some.Repo} (origin {repos.OriginPath}) failed: ", failure.Message);
        Assert.Contains("check that the repository still exists there", failure.Message);
        Assert.Equal(head, repos.CheckoutHead());
    }

    [Fact]
    public async Task Update_fails_for_good_when_the_branch_is_gone_from_origin()
    {
        using var repos = TempRepos.WithClone();
        var head = repos.CheckoutHead();
        Git.Run(repos.OriginPath, "update-ref", "-d", $"refs/heads/{Some.Branch}");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.Equal(
            JobFailure.Permanent($"{Some.Repo}: branch {Some.Branch} no longer exists on origin {repos.OriginPath}; nothing was reset"),
            failure);
        Assert.Equal(head, repos.CheckoutHead());
    }

    [Fact]
    public async Task Update_fails_when_another_branch_was_checked_out_meanwhile()
    {
        using var repos = TempRepos.WithClone();
        repos.Push("chapter1.xml", "<chapter/>");
        Git.Run(repos.Checkout, "checkout", "--quiet", "-b", Some.OtherBranch);
        File.WriteAllText(repos.InCheckout("stray.txt"), "untracked");
        var head = repos.CheckoutHead();

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains($"the checked-out branch changed from {Some.Branch} to {Some.OtherBranch}", failure.Message);
        Assert.Equal(head, repos.CheckoutHead());
        Assert.True(File.Exists(repos.InCheckout("stray.txt")));
    }

    [Fact]
    public async Task Update_fails_for_now_when_origin_cannot_be_reached_and_hides_its_credentials()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", "http://deploy:s3cret@127.0.0.1:1/course.git");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.True(failure.Transient);
        Assert.Contains("(origin http://***@127.0.0.1:1/course.git) failed: origin could not be reached", failure.Message);
        Assert.DoesNotContain("s3cret", failure.Message);
        Assert.DoesNotContain("deploy", failure.Message);
    }

    [Theory]
    [InlineData("not{1}a-repository")]
    [InlineData("not{a-repository")]
    [InlineData("not}a-repository")]
    public async Task Update_from_an_origin_url_with_a_brace_fails_as_the_fetch_failure_it_is(string name)
    {
        using var repos = TempRepos.WithClone();
        // A folder that is no repository: libgit2's message names it.
        var url = Directory.CreateDirectory(Path.Combine(repos.Root, name)).FullName;
        Git.Run(repos.Checkout, "remote", "set-url", "origin", url);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.Equal(
            JobFailure.Permanent($"git fetch of {Some.Repo} (origin {url}) failed: origin's repository was not found; check that it still exists at that URL (could not find repository at '{url}')"),
            failure);
    }

    [Fact]
    public async Task Update_of_a_repository_that_was_never_cloned_fails()
    {
        using var repos = TempRepos.WithoutClone();

        Assert.Equal(
            JobFailure.Permanent($"{Some.Repo}: there is no git checkout at {repos.Checkout}; clone the repository there first"),
            Updates.Failed(await Updates.Run(repos)));
    }

    [Fact]
    public async Task Update_of_a_checkout_without_origin_fails()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "remote", "remove", "origin");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains("has no remote 'origin'", failure.Message);
    }

    [Fact]
    public async Task Update_does_not_start_once_cancelled()
    {
        using var repos = TempRepos.WithClone();
        var head = repos.CheckoutHead();
        repos.Push("chapter1.xml", "<chapter/>");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Updates.Run(repos, new CancellationToken(canceled: true)));

        Assert.Equal(head, repos.CheckoutHead());
    }
}
