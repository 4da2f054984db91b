using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// One <see cref="LibGit2Checkouts"/> inspecting the same checkout push after push, while the
/// checkout changes between pushes: what it keeps of a checkout must never hide a change.
/// </summary>
public sealed class LibGit2CheckoutsKnownTests : IDisposable
{
    private readonly TempRepos repos = TempRepos.WithClone();
    private readonly LibGit2Checkouts checkouts;

    public LibGit2CheckoutsKnownTests()
    {
        checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));
        Settle();
    }

    public void Dispose() => repos.Dispose();

    private string Config => Path.Combine(repos.Checkout, ".git", "config");

    // As if the clone were made a while ago: a config younger than KnownCheckouts.Settle is never kept.
    private void Settle() => File.SetLastWriteTimeUtc(Config, DateTime.UtcNow - TimeSpan.FromMinutes(1));

    private Task<CheckoutState> Inspect() => checkouts.Inspect(Some.Repo, CancellationToken.None);

    [Fact]
    public async Task A_branch_switched_between_two_pushes_is_seen_at_the_second()
    {
        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await Inspect());
        Git.Run(repos.Checkout, "checkout", "--quiet", "-b", Some.OtherBranch);

        Assert.Equal(new CheckoutState.OnBranch(Some.OtherBranch, repos.OriginPath), await Inspect());
    }

    [Fact]
    public async Task A_head_detached_between_two_pushes_is_seen_at_the_second()
    {
        await Inspect();
        Git.Run(repos.Checkout, "checkout", "--quiet", "--detach");

        Assert.IsType<CheckoutState.Detached>(await Inspect());
    }

    [Fact]
    public async Task An_origin_removed_or_moved_between_two_pushes_is_seen_at_the_next()
    {
        await Inspect();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", "https://example.org/moved.git");
        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, "https://example.org/moved.git"), await Inspect());

        Git.Run(repos.Checkout, "remote", "remove", "origin");
        Assert.Equal(new CheckoutState.NoOrigin(Some.Branch), await Inspect());
    }

    [Fact]
    public async Task A_checkout_deleted_between_two_pushes_is_seen_at_the_second()
    {
        await Inspect();
        Directory.Delete(repos.Checkout, recursive: true);

        Assert.IsType<CheckoutState.NotCloned>(await Inspect());
    }

    [Fact]
    public async Task A_checkout_replaced_by_a_bare_repository_is_seen_at_once()
    {
        await Inspect();
        Git.Run(repos.Checkout, "config", "core.bare", "true");

        Assert.IsType<CheckoutState.NotCloned>(await Inspect());
    }

    [Fact]
    public async Task A_config_that_only_looks_unchanged_is_taken_as_unchanged()
    {
        // The limit of what is kept, shown: the same size and time means the same config. git never
        // writes a config that way; this test proves that a kept state is used at all.
        await Inspect();
        var written = File.GetLastWriteTimeUtc(Config);
        var moved = File.ReadAllText(Config).Replace(repos.OriginPath, new string('x', repos.OriginPath.Length), StringComparison.Ordinal);
        File.WriteAllText(Config, moved);
        File.SetLastWriteTimeUtc(Config, written);

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await Inspect());
    }

    [Fact]
    public async Task A_config_changed_within_the_settle_time_is_read_again_every_push()
    {
        Git.Run(repos.Checkout, "config", "gitreload.test", "1");
        await Inspect();
        var written = File.GetLastWriteTimeUtc(Config);
        var moved = File.ReadAllText(Config).Replace(repos.OriginPath, new string('x', repos.OriginPath.Length), StringComparison.Ordinal);
        File.WriteAllText(Config, moved);
        File.SetLastWriteTimeUtc(Config, written);

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, new string('x', repos.OriginPath.Length)), await Inspect());
    }

    [Fact]
    public async Task A_config_that_includes_another_file_is_read_again_every_push()
    {
        var included = Path.Combine(repos.Root, "included.config");
        File.WriteAllText(included, $"[remote \"origin\"]\n\turl = {repos.OriginPath}\n");
        Git.Run(repos.Checkout, "config", "include.path", included);
        Settle();
        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await Inspect());

        File.WriteAllText(included, "[remote \"origin\"]\n\turl = https://example.org/included.git\n");

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, "https://example.org/included.git"), await Inspect());
    }
}
