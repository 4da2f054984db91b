using System.Net;
using System.Net.Sockets;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsTimeLimitTests
{
    private static LibGit2Checkouts WithLimit(TempRepos repos, TimeProvider? clock = null) =>
        new(new GitCheckoutSettings(repos.RepoDir) { StepTimeout = TimeSpan.FromMilliseconds(300) }) { Clock = clock ?? TimeProvider.System };

    [Fact]
    public async Task A_fetch_over_ssh_that_hangs_past_the_time_limit_fails_for_now_and_its_ssh_is_ended()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        var pidFile = HangingSsh.PointOriginAt(repos);
        var checkouts = WithLimit(repos);

        var failure = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was stopped", failure.Message);
        Assert.True(await Children.EndsWithin(int.Parse(File.ReadAllText(pidFile).Trim()), TimeSpan.FromSeconds(10)), "the hanging ssh still runs");
        Git.Run(repos.Checkout, "remote", "set-url", "origin", repos.OriginPath);
        Updates.Succeeded(await UpdateOnceTheAbandonedStepEnded(checkouts));
        Assert.Equal(pushed, repos.CheckoutHead());
    }

    [Fact]
    public async Task A_fetch_over_ssh_given_up_before_the_limit_s_timer_fires_still_has_its_ssh_ended()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        var pidFile = HangingSsh.PointOriginAt(repos);
        // A clock whose timers never fire: a busy machine's thread pool serving the limit's timer only after the step was given up.
        var checkouts = WithLimit(repos, new FakeTimeProvider());

        var failure = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was stopped", failure.Message);
        Assert.True(await Children.EndsWithin(int.Parse(File.ReadAllText(pidFile).Trim()), TimeSpan.FromSeconds(10)), "the hanging ssh still runs");
        Git.Run(repos.Checkout, "remote", "set-url", "origin", repos.OriginPath);
        Updates.Succeeded(await UpdateOnceTheAbandonedStepEnded(checkouts));
        Assert.Equal(pushed, repos.CheckoutHead());
    }

    // libgit2's abandoned fetch notices its ssh is gone a moment after the kill (longer on a busy
    // machine); until then the checkout is rightly left alone. Asks again until it is not, within 10 s.
    private static async Task<Either<JobFailure, CheckoutUpdate>> UpdateOnceTheAbandonedStepEnded(LibGit2Checkouts checkouts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None);
            var stillRunning = result.Match(_ => false, f => f.Message.Contains("has not ended yet", StringComparison.Ordinal));
            if (!stillRunning || DateTime.UtcNow > deadline) return result;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_fetch_that_hangs_where_nothing_can_end_it_fails_for_now_and_the_checkout_waits_until_it_ends()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        // An HTTP server that takes the connection and never answers: libgit2 waits in a read no callback interrupts.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/course.git");
        var checkouts = WithLimit(repos);

        var failure = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));
        var meanwhile = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was stopped", failure.Message);
        Assert.True(meanwhile.Transient);
        Assert.Contains("has not ended yet; the checkout is left alone until it does", meanwhile.Message);

        (await accepted).Close();
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
