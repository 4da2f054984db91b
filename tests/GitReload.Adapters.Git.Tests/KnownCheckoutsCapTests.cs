using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;

namespace GitReload.Adapters.Git.Tests;

/// <summary>What is kept per checkout is bounded: memory stays flat however many checkouts REPODIR holds.</summary>
public sealed class KnownCheckoutsCapTests : IDisposable
{
    private readonly TempRepos repos = TempRepos.WithClone();

    public void Dispose() => repos.Dispose();

    [Fact]
    public void A_capped_map_past_its_cap_starts_over_and_never_holds_more()
    {
        var map = new CappedMap<int>(2);
        map.Set("a", 1);
        map.Set("b", 2);
        map.Set("b", 3);
        Assert.Equal(2, map.Count);

        map.Set("c", 4);

        Assert.Equal(1, map.Count);
        Assert.False(map.TryGetValue("a", out _));
        Assert.True(map.TryGetValue("c", out var c));
        Assert.Equal(4, c);
    }

    [Fact]
    public void A_capped_map_refuses_a_cap_that_would_keep_nothing() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CappedMap<int>(0));

    [Fact]
    public void Past_its_cap_the_checkouts_kept_start_over_and_the_forgotten_ones_are_read_again()
    {
        var other = Path.Combine(repos.RepoDir, "other-course");
        Git.Run(repos.RepoDir, "clone", "--quiet", "--branch", Some.Branch, repos.OriginPath, other);
        var known = new KnownCheckouts(1);
        var later = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        string first = GitDir(repos.Checkout), second = GitDir(other);

        known.Remember(first, Config(first), new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), later);
        Assert.True(known.Read(first).IsSome);
        known.Remember(second, Config(second), new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), later);

        Assert.Equal(1, known.Count);
        Assert.True(known.Read(first).IsNone, "the first checkout is no longer kept: it is read with libgit2 again");
        Assert.True(known.Read(second).IsSome);
    }

    // What is kept is keyed by the git dir: a checkout's .git, or an atomic checkout's store.
    private static string GitDir(string checkout) => Path.Combine(checkout, ".git");

    private static FileInfo Config(string gitDir) => new(Path.Combine(gitDir, "config"));
}
