namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Twin clones of one origin: GitReload publishes one atomically, the git command line updates the
/// other in place (<c>git fetch --prune &amp;&amp; git reset --hard &amp;&amp; git clean -xdf</c>), with the same
/// leftovers in each before every update. Each published tree must hold what git leaves: the same
/// files, modes, links and index, and nothing that was left over.
/// </summary>
public sealed class AtomicLikeGitTests
{
    private static readonly Dictionary<string, string> Course = new()
    {
        [".gitignore"] = "*.log\nbuild/\n",
        ["course/unit 1.xml"] = "<unit/>",
        ["course/ünïcødé.xml"] = "<unit/>",
        ["course/deep/a/b/c.xml"] = "<unit/>",
        ["course/a.xml"] = "a",
        ["course/b.xml"] = "b",
        ["course/tracked-but-ignored.log"] = "kept: the index holds it",
        ["old.xml"] = "old",
    };

    [Fact]
    public async Task Each_published_tree_holds_what_git_reset_hard_and_clean_leave_in_a_twin_clone()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        var twin = repos.CloneTwin();
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var pushes = new Action[]
        {
            () => repos.PushAll(Course),
            () => repos.PushScripted("echo a2 > course/a.xml; rm old.xml; mkdir -p added/sub; echo n > added/sub/n.xml; chmod +x course/b.xml"),
            () => repos.PushScripted($"rm -r course/deep; echo file > course/deep; ln -s '{outside}' linked-out; ln -s course/a.xml linked-in; printf x > $'b\\xffad.xml'"),
            () => repos.PushScripted("rm course/deep; mkdir -p course/deep; echo again > course/deep/x.xml; rm linked-in; echo '*.txt text eol=crlf' > .gitattributes; printf 'a\\nb\\n' > lines.txt"),
            () => repos.PushScripted("rm -r added; chmod -x course/b.xml; echo b2 > course/b.xml"),
        };

        foreach (var push in pushes)
        {
            push();
            if (new FileInfo(repos.Checkout).LinkTarget is not null)
                foreach (var clone in new[] { repos.Checkout, twin }) LeaveLeftovers(clone, outside);
            await atomic.Update();
            TempRepos.UpdateWithGit(twin);

            Assert.Equal(Listing(twin), Listing(repos.Checkout));
            Assert.Equal(Git.Run(twin, "ls-files", "--stage"), Git.Run(repos.Checkout, "ls-files", "--stage"));
            Assert.Equal(Git.Run(twin, "rev-parse", "HEAD"), Git.Run(repos.Checkout, "rev-parse", "HEAD"));
            Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
        }
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
    }

    // The published tree is written by readers now and then: files added, links to elsewhere, files changed in place.
    private static void LeaveLeftovers(string clone, string outside)
    {
        File.WriteAllText(Path.Combine(clone, "untracked.txt"), "untracked");
        File.WriteAllText(Path.Combine(clone, "debug.log"), "ignored");
        File.CreateSymbolicLink(Path.Combine(clone, "untracked-link"), outside);
        File.WriteAllText(Path.Combine(clone, "course", "a.xml"), "changed by hand");
    }

    // A tree's .git is a file naming its record in the store; a clone's is a folder.
    private static List<string> Listing(string root) =>
        WorkingTreeListing.Of(root).Where(line => line is not "folder .git" && !line.StartsWith("file .git ", StringComparison.Ordinal)).ToList();
}
