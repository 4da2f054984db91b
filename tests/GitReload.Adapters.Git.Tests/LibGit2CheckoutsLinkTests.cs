using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Symbolic links where the checkout has tracked paths, each pointing into a folder outside
/// <c>REPODIR</c>: GitReload updates one twin clone, the git command line the other. git replaces
/// each link with the folder or file it tracks and never writes, deletes or chmods through one; so
/// must GitReload, with libgit2's reset (a new <see cref="LibGit2Checkouts"/>) and with the cheaper
/// one it takes when it finds the index as it left it (the same one).
/// </summary>
public sealed class LibGit2CheckoutsLinkTests
{
    private static readonly Dictionary<string, string> Tracked = new()
    {
        ["course/a.xml"] = "a",
        ["course/b.xml"] = "b",
        ["course/gone.xml"] = "gone",
        ["unit/u.xml"] = "u",
        ["docs/d.xml"] = "d",
        ["changed.xml"] = "changed",
        ["same.xml"] = "same",
        ["mode.xml"] = "mode",
        ["removed.xml"] = "removed",
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Update_replaces_links_where_folders_are_tracked_like_git_and_touches_nothing_outside(bool sameCheckouts)
    {
        using var repos = TempRepos.WithClone();
        var update = Updater(repos, sameCheckouts);
        repos.PushAll(Tracked);
        Updates.Succeeded(await update());
        var twin = repos.CloneTwin();
        repos.PushScripted("echo a2 > course/a.xml; rm course/gone.xml; rm -r unit; mkdir -p added/sub docs/new; echo n > added/sub/n.xml; echo n > docs/new/n.xml");
        var outsides = new[] { repos.Checkout, twin }.Select((clone, i) => LinkFoldersOutside(clone, Path.Combine(repos.Root, $"outside-{i}"))).ToList();
        var before = outsides.Select(WorkingTreeListing.Of).ToList();

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
        Assert.Equal(before, outsides.Select(WorkingTreeListing.Of).ToList());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Update_replaces_links_where_files_are_tracked_like_git_and_touches_nothing_outside(bool sameCheckouts)
    {
        using var repos = TempRepos.WithClone();
        var update = Updater(repos, sameCheckouts);
        repos.PushAll(Tracked);
        Updates.Succeeded(await update());
        var twin = repos.CloneTwin();
        repos.PushScripted("echo changed2 > changed.xml; chmod +x mode.xml; rm removed.xml");
        var outsides = new[] { repos.Checkout, twin }.Select((clone, i) => LinkFilesOutside(clone, Path.Combine(repos.Root, $"outside-{i}"))).ToList();
        var before = outsides.Select(WorkingTreeListing.Of).ToList();

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
        Assert.Equal(before, outsides.Select(WorkingTreeListing.Of).ToList());
    }

    [Fact]
    public async Task A_checkout_folder_that_links_outside_repodir_is_not_valid_and_the_log_says_why_once()
    {
        using var repos = TempRepos.WithClone();
        var elsewhere = Path.Combine(repos.Root, "elsewhere");
        Directory.Move(repos.Checkout, elsewhere);
        Directory.CreateSymbolicLink(repos.Checkout, elsewhere);
        var head = Git.Run(elsewhere, "rev-parse", "HEAD");
        repos.Push("chapter1.xml", "<chapter/>");
        var log = new ListLogger();
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)) { Log = log };

        Assert.Equal(elsewhere, Assert.IsType<CheckoutState.NotCloned>(await checkouts.Inspect(Some.Repo, CancellationToken.None)).LeadsOutsideTo);
        Assert.Equal(elsewhere, Assert.IsType<CheckoutState.NotCloned>(await checkouts.Inspect(Some.Repo, CancellationToken.None)).LeadsOutsideTo);
        var failure = Updates.Failed(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.Equal(
            JobFailure.Permanent($"{Some.Repo}: {repos.Checkout} is a symbolic link to {elsewhere}, outside REPODIR; a checkout must be inside REPODIR"),
            failure);
        Assert.Equal(head, Git.Run(elsewhere, "rev-parse", "HEAD"));
        Assert.Equal([$"Warning: {failure.Message}"], log.Lines);
    }

    [Fact]
    public async Task A_checkout_folder_that_links_inside_repodir_is_read_and_updated_like_any_other()
    {
        using var repos = TempRepos.WithClone();
        var published = Path.Combine(repos.RepoDir, ".gitreload", Some.Repo.Value, "1");
        Directory.CreateDirectory(Path.GetDirectoryName(published)!);
        Directory.Move(repos.Checkout, published);
        Directory.CreateSymbolicLink(repos.Checkout, Path.Combine(".gitreload", Some.Repo.Value, "1"));
        var pushed = repos.Push("chapter1.xml", "<chapter/>");
        var log = new ListLogger();
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)) { Log = log };

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), await checkouts.Inspect(Some.Repo, CancellationToken.None));
        Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.Equal(pushed, Git.Run(published, "rev-parse", "HEAD"));
        Assert.Empty(log.Lines);
    }

    private static Func<Task<Either<JobFailure, CheckoutUpdate>>> Updater(TempRepos repos, bool sameCheckouts)
    {
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));
        return () => (sameCheckouts ? checkouts : new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)))
            .Update(Some.Repo, Some.Branch, CancellationToken.None);
    }

    // Tracked folders, one the new commit removes, and two where it adds one, become links to
    // folders outside that hold files of the same names and one more.
    private static string LinkFoldersOutside(string clone, string outside)
    {
        Shell.Run(clone, """
            outside=$1
            mkdir -p "$outside/course" "$outside/unit" "$outside/added/sub" "$outside/new"
            for f in a.xml b.xml gone.xml keep.txt; do echo "outside $f" > "$outside/course/$f"; done
            for f in u.xml keep.txt; do echo "outside $f" > "$outside/unit/$f"; done
            echo outside > "$outside/added/sub/n.xml"; echo outside > "$outside/added/keep.txt"
            echo outside > "$outside/new/n.xml"; echo outside > "$outside/new/keep.txt"
            rm -r course unit
            ln -s "$outside/course" course; ln -s "$outside/unit" unit; ln -s "$outside/added" added; ln -s "$outside/new" docs/new
            """, outside);
        return outside;
    }

    // Tracked files, one the new commit changes, one it leaves, one it makes executable and one it
    // removes, become links to files outside.
    private static string LinkFilesOutside(string clone, string outside)
    {
        Shell.Run(clone, """
            outside=$1
            mkdir -p "$outside"
            for f in changed.xml same.xml mode.xml removed.xml; do
                echo "outside $f" > "$outside/$f"; chmod 644 "$outside/$f"; rm "$f"; ln -s "$outside/$f" "$f"
            done
            """, outside);
        return outside;
    }
}
