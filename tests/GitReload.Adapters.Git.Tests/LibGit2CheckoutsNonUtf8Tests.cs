using GitReload.Adapters.Git.Checkouts;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// File names that are not UTF-8: on Linux a name is bytes, and git takes them as they are. Twin
/// clones, GitReload updating one and the git command line the other, with such names tracked
/// (pushed by an author) and left untracked in both.
/// </summary>
public sealed class LibGit2CheckoutsNonUtf8Tests
{
    // Latin-1 é, a lone 0xFF, 0xFE, and a UTF-8 sequence cut short (0xC3 without its second byte).
    private const string Author = """
        mkdir -p c$'\xe9'ours/sub; echo unit > c$'\xe9'ours/unit.xml; echo deep > c$'\xe9'ours/sub/$'\xfe'.xml
        echo cv > r$'\xe9'sum$'\xe9'.xml; echo cut > cut$'\xc3'.xml
        """;

    private const string Leftovers = """
        mkdir -p b$'\xff'ad/$'\xfe' b$'\xff'ad/plain; echo x > b$'\xff'ad/f; echo y > b$'\xff'ad/$'\xfe'/g; echo z > b$'\xff'ad/plain/h
        echo x > $'\xfe'.txt; echo x > half$'\xc3'.txt; mkdir empty$'\xe9'
        echo x > c$'\xe9'ours/stray$'\xff'.txt; mkdir -p c$'\xe9'ours/sub/new$'\xfe'; echo x > c$'\xe9'ours/sub/new$'\xfe'/x
        ln -s r$'\xe9'sum$'\xe9'.xml link$'\xe9'
        """;

    [Fact]
    public async Task Update_keeps_tracked_names_that_are_not_utf8_and_removes_untracked_ones_like_git()
    {
        using var repos = TempRepos.WithClone();
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));
        var twin = repos.CloneTwin();
        repos.PushScripted(Author);

        Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));
        TempRepos.UpdateWithGit(twin);
        Twins.AssertAlike(repos, twin);

        repos.PushScripted("echo unit2 > c$'\\xe9'ours/unit.xml; rm cut$'\\xc3'.xml");
        foreach (var clone in new[] { repos.Checkout, twin }) Shell.Run(clone, Leftovers);
        Assert.Contains(WorkingTreeListing.Of(repos.Checkout), line => line.StartsWith(@"file b\xFFad/\xFE/g ", StringComparison.Ordinal));

        Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));
        TempRepos.UpdateWithGit(twin);
        Twins.AssertAlike(repos, twin);
        Assert.Contains(WorkingTreeListing.Of(repos.Checkout), line => line.StartsWith(@"file c\xE9ours/unit.xml ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_removes_an_untracked_folder_whose_name_is_not_utf8_before_any_push()
    {
        using var repos = TempRepos.WithClone();
        var twin = repos.CloneTwin();
        foreach (var clone in new[] { repos.Checkout, twin }) Shell.Run(clone, "mkdir b$'\\xff'ad; echo x > b$'\\xff'ad/f");

        Updates.Succeeded(await Updates.Run(repos));
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
    }
}
