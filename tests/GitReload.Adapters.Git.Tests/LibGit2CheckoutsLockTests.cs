using GitReload.Adapters.Git.Checkouts;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsLockTests
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    private static void LeaveStale(string path)
    {
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, LongAgo);
    }

    [Fact]
    public async Task Update_removes_lock_files_a_crashed_git_left_behind_and_goes_on()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        string[] locks = [".git/index.lock", ".git/HEAD.lock", $".git/refs/heads/{Some.Branch}.lock", $".git/refs/remotes/origin/{Some.Branch}.lock"];
        foreach (var path in locks) LeaveStale(repos.InCheckout(path));

        Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.All(locks, path => Assert.False(File.Exists(repos.InCheckout(path)), path));
    }

    [Fact]
    public async Task Update_leaves_a_lock_held_by_a_live_process_alone_and_fails_for_now()
    {
        using var repos = TempRepos.WithClone();
        var head = repos.CheckoutHead();
        repos.Push("chapter1.xml", "<chapter/>");
        var index = repos.InCheckout(".git/index.lock");
        LeaveStale(index);
        LeaveStale(repos.InCheckout(".git/HEAD.lock"));

        using (new LockHolder(index))
        {
            var failure = Updates.Failed(await Updates.Run(repos));

            Assert.True(failure.Transient);
            Assert.Equal($"{Some.Repo}: another git process is working in {repos.Checkout} (it holds .git/index.lock open); will try again", failure.Message);
            Assert.True(File.Exists(index));
            Assert.True(File.Exists(repos.InCheckout(".git/HEAD.lock")));
            Assert.Equal(head, repos.CheckoutHead());
        }
    }

    [Fact]
    public async Task Update_leaves_a_lock_made_moments_ago_alone_in_case_its_git_is_about_to_use_it()
    {
        using var repos = TempRepos.WithClone();
        File.WriteAllText(repos.InCheckout(".git/index.lock"), "");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.True(failure.Transient);
        Assert.Contains("another git process may be working in", failure.Message);
        Assert.True(File.Exists(repos.InCheckout(".git/index.lock")));
    }

    [Fact]
    public async Task A_lock_is_fresh_or_stale_by_the_injected_clock()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        var index = repos.InCheckout(".git/index.lock");
        File.WriteAllText(index, "");
        var clock = new FakeTimeProvider(File.GetLastWriteTimeUtc(index));
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)) { Clock = clock };

        Assert.Contains("another git process may be working in", Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, default)).Message);

        clock.Advance(TimeSpan.FromMinutes(1));
        Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, default));
        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.False(File.Exists(index));
    }

    [Fact]
    public async Task Update_through_a_linked_repodir_still_sees_who_holds_a_lock()
    {
        using var repos = TempRepos.WithClone();
        var linked = Path.Combine(repos.Root, "linked-repos");
        Directory.CreateSymbolicLink(linked, repos.RepoDir);
        var index = repos.InCheckout(".git/index.lock");
        LeaveStale(index);

        using (new LockHolder(index))
        {
            var failure = Updates.Failed(await Updates.Run(repos, repoDir: linked));

            Assert.Contains("another git process is working in", failure.Message);
            Assert.True(File.Exists(index));
        }
    }

    [Fact]
    public async Task Update_removes_temporary_packs_a_killed_fetch_left_but_not_one_in_use_or_just_made()
    {
        using var repos = TempRepos.WithClone();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        // Named as libgit2's indexer names the pack it receives (mkstemp on objects/pack/pack_git2_XXXXXX).
        string Pack(string suffix) => repos.InCheckout($".git/objects/pack/pack_git2_{suffix}");
        LeaveStale(Pack("a1B2c3"));
        LeaveStale(Pack("d4E5f6"));
        File.WriteAllText(Pack("g7H8i9"), "");

        using (new LockHolder(Pack("d4E5f6")))
        {
            Updates.Succeeded(await Updates.Run(repos));

            Assert.Equal(pushed, repos.CheckoutHead());
            Assert.False(File.Exists(Pack("a1B2c3")));
            Assert.True(File.Exists(Pack("d4E5f6")));
            Assert.True(File.Exists(Pack("g7H8i9")));
        }
    }
}
