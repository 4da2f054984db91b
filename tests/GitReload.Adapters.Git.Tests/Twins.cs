namespace GitReload.Adapters.Git.Tests;

/// <summary>What two clones updated side by side, one by GitReload and one by the git command line, must share.</summary>
internal static class Twins
{
    // The checkout GitReload updated and the twin the git CLI updated hold the same files, the same
    // index and the same HEAD, and git itself sees the same left over in both (nothing, but for nested repositories).
    public static void AssertAlike(TempRepos repos, string twin)
    {
        Assert.Equal(WorkingTreeListing.Of(twin), WorkingTreeListing.Of(repos.Checkout));
        Assert.Equal(Git.Run(twin, "ls-files", "--stage"), Git.Run(repos.Checkout, "ls-files", "--stage"));
        Assert.Equal(Git.Run(twin, "rev-parse", "HEAD"), repos.CheckoutHead());
        Assert.Equal(Git.Run(twin, "status", "--porcelain", "--ignored"), Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
    }
}
