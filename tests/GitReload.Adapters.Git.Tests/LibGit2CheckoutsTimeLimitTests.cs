using GitReload.Adapters.Git.Checkouts;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsTimeLimitTests
{
    [Fact]
    public async Task A_fetch_that_hangs_past_the_time_limit_fails_for_now_and_the_checkout_waits_until_it_ends()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        // An "ssh" that connects to nothing and never answers, like a connection whose peer vanished.
        var hanging = Path.Combine(repos.Root, "hanging-ssh.sh");
        var pidFile = Path.Combine(repos.Root, "hanging-ssh.pid");
        File.WriteAllText(hanging, $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 60\n");
        File.SetUnixFileMode(hanging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Git.Run(repos.Checkout, "config", "core.sshCommand", hanging);
        Git.Run(repos.Checkout, "remote", "set-url", "origin", $"ssh://git@127.0.0.1:9{repos.OriginPath}");
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir) { StepTimeout = TimeSpan.FromMilliseconds(300) });

        var failure = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));
        var meanwhile = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was stopped", failure.Message);
        Assert.True(meanwhile.Transient);
        Assert.Contains("has not ended yet; the checkout is left alone until it does", meanwhile.Message);

        System.Diagnostics.Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim())).Kill();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", repos.OriginPath);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None);
        while (after.IsLeft && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            after = await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None);
        }
        Updates.Succeeded(after);
        Assert.Equal(pushed, repos.CheckoutHead());
    }
}
