using System.Net;
using System.Net.Sockets;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Origins;
using GitReload.Domain.Reconcile;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Git.Tests;

/// <summary>Asking origin for its branches as <c>git ls-remote</c> does: real repositories, a real sshd on loopback.</summary>
public sealed class LibGit2OriginListingTests : IDisposable
{
    private readonly Sshd sshd = new();

    private static LibGit2OriginListing Listing(TempRepos repos, double seconds = 30) =>
        new(new GitCheckoutSettings(repos.RepoDir) { StepTimeout = TimeSpan.FromSeconds(seconds) });

    private static OriginAnswer.Branches Answered(OriginAnswer answer) =>
        answer.Match(b => b, u => throw new Xunit.Sdk.XunitException("origin did not answer: " + u.Error));

    private static string Unreachable(OriginAnswer answer) =>
        answer.Match(b => throw new Xunit.Sdk.XunitException($"origin answered {b.Heads}"), u => u.Error);

    [Fact]
    public async Task Origin_s_branches_and_commits_are_those_git_ls_remote_shows_and_nothing_is_fetched()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        Git.Run(repos.Checkout, "push", "--quiet", "origin", $"{repos.CheckoutHead()}:refs/heads/other");
        var trackedBefore = Git.Run(repos.Checkout, "rev-parse", $"origin/{Some.Branch}");

        var answer = Answered(await Listing(repos).Ask(Some.Repo, CancellationToken.None));

        var lsRemote = Git.Run(repos.Checkout, "ls-remote", "--heads", "origin").Split('\n')
            .Select(line => line.Split('\t')).ToDictionary(f => f[1]["refs/heads/".Length..], f => f[0]);
        Assert.Equal(lsRemote.OrderBy(p => p.Key), answer.Heads.Map(p => KeyValuePair.Create(p.Key, p.Value)).OrderBy(p => p.Key));
        Assert.Equal(pushed, answer.Of(Some.Branch).IfNone(""));
        Assert.Equal(trackedBefore, Git.Run(repos.Checkout, "rev-parse", $"origin/{Some.Branch}"));
        Assert.Throws<InvalidOperationException>(() => Git.Run(repos.Checkout, "cat-file", "-e", pushed));
    }

    [Fact]
    public async Task An_origin_that_is_gone_is_unreachable_with_git_s_error_naming_the_origin()
    {
        using var repos = TempRepos.WithClone();
        Directory.Delete(repos.OriginPath, recursive: true);

        var error = Unreachable(await Listing(repos).Ask(Some.Repo, CancellationToken.None));

        Assert.StartsWith($"git ls-remote of {Some.Repo} (origin {repos.OriginPath}) failed: ", error);
    }

    [Fact]
    public async Task Origin_is_asked_over_ssh_with_the_checkout_s_deploy_key()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        var answer = Answered(await Listing(repos).Ask(Some.Repo, CancellationToken.None));

        Assert.Equal(pushed, answer.Of(Some.Branch).IfNone(""));
    }

    [Fact]
    public async Task An_origin_that_refuses_the_key_is_unreachable_with_what_ssh_said()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        Git.Run(repos.Checkout, "config", "core.sshCommand", sshd.RejectedKeyCommand);

        var error = Unreachable(await Listing(repos).Ask(Some.Repo, CancellationToken.None));

        Assert.StartsWith($"git ls-remote of {Some.Repo} (origin ssh://***@127.0.0.1:{sshd.Port}{repos.OriginPath}) failed: origin refused this service's SSH key", error);
        Assert.EndsWith("Permission denied (publickey).)", error);
    }

    [Fact]
    public async Task Asking_over_ssh_past_the_time_limit_gives_up_and_ends_its_ssh()
    {
        using var repos = TempRepos.WithClone();
        var pidFile = HangingSsh.PointOriginAt(repos);

        var error = Unreachable(await Listing(repos, seconds: 0.3).Ask(Some.Repo, CancellationToken.None));

        // Stopped, or, when libgit2 is slow to return after its ssh is killed (a busy machine), given up: either way no wait past the limit.
        Assert.Matches(@"took longer than 0\.3 s \(GIT_TIMEOUT_SECONDS\) and was (stopped|given up)$", error);
        Assert.True(await Children.EndsWithin(int.Parse(File.ReadAllText(pidFile).Trim()), TimeSpan.FromSeconds(10)), "the hanging ssh still runs");
    }

    [Fact]
    public async Task An_ssh_still_hanging_when_the_ask_is_given_up_is_ended_even_before_the_limit_s_timer_fires()
    {
        using var repos = TempRepos.WithClone();
        var pidFile = HangingSsh.PointOriginAt(repos);
        // A clock whose timers never fire: a busy machine's thread pool serving the limit's timer only after the ask was given up.
        var listing = new LibGit2OriginListing(new GitCheckoutSettings(repos.RepoDir) { StepTimeout = TimeSpan.FromSeconds(0.3) }) { Clock = new FakeTimeProvider() };

        var error = Unreachable(await listing.Ask(Some.Repo, CancellationToken.None));

        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was given up", error);
        Assert.True(await Children.EndsWithin(int.Parse(File.ReadAllText(pidFile).Trim()), TimeSpan.FromSeconds(10)), "the hanging ssh still runs");
    }

    [Fact]
    public async Task An_origin_that_never_answers_over_http_is_given_up_and_not_asked_again_until_that_ask_ends()
    {
        using var repos = TempRepos.WithClone();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/course.git");
        var listing = Listing(repos, seconds: 0.3);

        var first = Unreachable(await listing.Ask(Some.Repo, CancellationToken.None));
        var meanwhile = Unreachable(await listing.Ask(Some.Repo, CancellationToken.None));

        Assert.EndsWith("took longer than 0.3 s (GIT_TIMEOUT_SECONDS) and was given up", first);
        Assert.Contains("has not ended yet", meanwhile);
        (await accepted).Close();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", repos.OriginPath);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = await listing.Ask(Some.Repo, CancellationToken.None);
        while (after is OriginAnswer.Unreachable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            after = await listing.Ask(Some.Repo, CancellationToken.None);
        }
        Assert.Equal(repos.CheckoutHead(), Answered(after).Of(Some.Branch).IfNone(""));
    }

    public void Dispose() => sshd.Dispose();
}
