using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsSshTests : IDisposable
{
    private readonly Sshd sshd = new();

    [Fact]
    public async Task Update_over_ssh_with_a_deploy_key_brings_the_checkout_to_the_pushed_commit()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var before = repos.CheckoutHead();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        var update = Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(new CheckoutUpdate(before, pushed), update);
        Assert.Equal(pushed, repos.CheckoutHead());
    }

    [Fact]
    public async Task An_update_whose_key_origin_rejects_fails_at_once_and_says_so()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var head = repos.CheckoutHead();
        repos.Push("chapter1.xml", "<chapter/>");
        Git.Run(repos.Checkout, "config", "core.sshCommand", sshd.RejectedKeyCommand);
        var job = new JobRequest(Some.Repo, JobAction.GetLatest, sshd.UrlOf(repos.OriginPath), Some.Branch, "");
        var runJob = new RunJob(
            new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)), new NoImports(), RetryPolicy.Default, TimeProvider.System, () => 0.5);

        var failed = Assert.IsType<JobOutcome.Failed>(await runJob.Handle(job, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(1, failed.Attempts);
        Assert.False(failed.Failure.Transient);
        // Any user name in an origin URL is hidden, since for https it is often a token.
        Assert.StartsWith($"git fetch of {Some.Repo} (origin ssh://***@127.0.0.1:{sshd.Port}{repos.OriginPath}) failed: origin refused this service's SSH key", failed.Failure.Message);
        Assert.EndsWith("(ssh: " + Environment.UserName + "@127.0.0.1: Permission denied (publickey).)", failed.Failure.Message);
        Assert.Equal(head, repos.CheckoutHead());
    }

    [Fact]
    public async Task An_update_over_ssh_of_a_repository_gone_from_origin_fails_for_good()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        Directory.Delete(repos.OriginPath, recursive: true);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains("origin's repository was not found over SSH", failure.Message);
    }

    public void Dispose() => sshd.Dispose();

    private sealed class NoImports : ICourseImporter
    {
        public Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an update job imported");
    }
}
