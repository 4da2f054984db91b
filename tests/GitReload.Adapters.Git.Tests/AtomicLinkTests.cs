using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Checkouts;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Links that lead outside <c>REPODIR</c>, tracked or not, in a checkout published atomically or
/// about to be: trees are made, linked from and removed without ever going through one.
/// </summary>
public sealed class AtomicLinkTests
{
    [Fact]
    public async Task Converting_a_checkout_whose_folders_were_swapped_for_links_outside_takes_nothing_from_outside_and_removes_nothing_there()
    {
        using var repos = TempRepos.WithClone();
        repos.PushAll(new Dictionary<string, string> { ["course/a.xml"] = "a", ["same.xml"] = "same" });
        Updates.Succeeded(await Updates.Run(repos));
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "a.xml"), "a");
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        // A tracked folder swapped for a link to a folder outside that holds a file of the same name and content.
        Directory.Delete(repos.InCheckout("course"), recursive: true);
        Directory.CreateSymbolicLink(repos.InCheckout("course"), outside);
        File.CreateSymbolicLink(repos.InCheckout("untracked-out"), outside);
        var before = WorkingTreeListing.Of(outside);
        var outsideInode = Inode(Path.Combine(outside, "a.xml"));
        repos.Push("grader.py", "v1\n");

        await new Atomic(repos).Update();

        Assert.Equal("a", File.ReadAllText(repos.InCheckout("course/a.xml")));
        Assert.NotEqual(outsideInode, Inode(repos.InCheckout("course/a.xml")));
        Assert.False(File.Exists(repos.InCheckout("untracked-out")) || Directory.Exists(repos.InCheckout("untracked-out")));
        Assert.Equal(before, WorkingTreeListing.Of(outside));
        // The folder that was the checkout, links included, is gone; what they led to is not.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(repos.RepoDir, ".gitreload", Some.Repo.Value, "retired")));
    }

    [Fact]
    public async Task Removing_old_trees_never_follows_links_readers_left_in_them()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 1);
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        File.CreateSymbolicLink(repos.InCheckout("to-outside"), outside);
        Directory.CreateDirectory(repos.InCheckout("made-by-a-reader"));
        File.CreateSymbolicLink(repos.InCheckout("made-by-a-reader/deeper"), outside);
        var first = atomic.Published;

        for (var i = 2; i <= 4; i++)
        {
            repos.Push("grader.py", $"v{i}\n");
            await atomic.Update();
        }

        Assert.False(Directory.Exists(first));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.Single(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task A_tracked_link_to_outside_is_published_as_a_link_and_removed_as_one()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 1);
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        repos.PushScripted($"ln -s '{outside}' out; ln -s '{outside}/keep.txt' out-file");
        await atomic.Update();

        Assert.Equal(outside, new FileInfo(repos.InCheckout("out")).LinkTarget);
        Assert.Equal(Path.Combine(outside, "keep.txt"), new FileInfo(repos.InCheckout("out-file")).LinkTarget);
        for (var i = 0; i < 3; i++)
        {
            repos.Push("grader.py", $"v{i}\n");
            await atomic.Update();
        }
        repos.PushRemoval("out", "out-file");
        await atomic.Update();

        Assert.False(File.Exists(repos.InCheckout("out-file")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.Single(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task A_checkout_folder_that_links_outside_REPODIR_is_refused_and_left_alone()
    {
        using var repos = TempRepos.WithClone();
        var elsewhere = Path.Combine(repos.Root, "elsewhere");
        Directory.Move(repos.Checkout, elsewhere);
        Directory.CreateSymbolicLink(repos.Checkout, elsewhere);
        repos.Push("grader.py", "v1\n");

        var failure = Atomic.Failed(await new Atomic(repos).Checkouts.Stage(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.Contains("outside REPODIR", failure.Message);
        Assert.Equal(elsewhere, new DirectoryInfo(repos.Checkout).LinkTarget);
        Assert.False(Directory.Exists(Path.Combine(repos.RepoDir, ".gitreload")));
    }

    [Fact]
    public async Task The_link_to_a_tree_inside_REPODIR_passes_the_check_on_links_and_is_inspected_like_a_checkout_in_place()
    {
        using var repos = TempRepos.WithClone();
        var inPlace = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);
        repos.Push("grader.py", "v1\n");
        await new Atomic(repos).Update();

        var atomic = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.IsType<CheckoutState.OnBranch>(inPlace);
        Assert.Equal(inPlace, atomic);
    }

    private static ulong Inode(string path) => ulong.Parse(Shell.Run("/", "stat -c %i -- \"$1\"", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
