using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Tests;

/// <summary>A checkout another user owns (a clone made with sudo): git refuses it, and GitReload says whose it is and what to do.</summary>
public sealed class LibGit2CheckoutsOwnershipTests
{
    // The tests run as root; a clone given to nobody is one root's libgit2 refuses, as git would.
    private const uint Nobody = 65534;

    private static void GiveAway(string path) => Shell.Run("/", "chown -R \"$1:$1\" \"$2\"", Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture), path);

    [Fact]
    public async Task Inspect_of_a_checkout_owned_by_another_user_says_whose_it_is()
    {
        using var repos = TempRepos.WithClone();
        GiveAway(repos.Checkout);

        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.Equal(new CheckoutState.NotCloned { OwnedByAnother = Some(new ForeignOwner(Nobody, 0)) }, state);
    }

    [Fact]
    public async Task Inspect_of_a_folder_of_its_own_user_whose_git_folder_is_no_repository_blames_no_owner_but_the_git_folder()
    {
        using var repos = TempRepos.WithoutClone();
        Directory.CreateDirectory(Path.Combine(repos.Checkout, ".git"));

        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.Equal(new CheckoutState.NotCloned { BrokenGit = true }, state);
    }

    [Fact]
    public async Task Inspect_of_a_plain_folder_of_its_own_user_blames_nothing()
    {
        using var repos = TempRepos.WithoutClone();
        Directory.CreateDirectory(repos.Checkout);

        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.Equal(new CheckoutState.NotCloned(), state);
    }

    [Fact]
    public async Task Update_of_a_checkout_owned_by_another_user_fails_for_good_saying_to_chown_it_as_safe_directory_is_not_enough()
    {
        using var repos = TempRepos.WithClone();
        GiveAway(repos.Checkout);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Equal(
            $"{Some.Repo}: {repos.Checkout} is owned by uid {Nobody}, not by uid 0 that GitReload runs as, so git refuses it (\"dubious ownership\"); "
            + "chown -R it to uid 0 (safe.directory is not enough: git would open it, but updates could not write its files)",
            failure.Message);
    }
}
