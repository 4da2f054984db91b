namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// What building a new tree from the spare (the tree set aside beyond <c>PUBLISH_KEEP</c>) relies on:
/// the tree it makes equals a fresh <c>git checkout</c> of the commit, byte for byte and mode for mode,
/// whatever changed between the two commits and whatever readers left in the spare; the published
/// and kept trees, which share files with the spare, do not change while it is made.
/// </summary>
public sealed class AtomicReuseTests
{
    [Fact]
    public async Task A_tree_made_from_the_spare_equals_a_fresh_checkout_of_its_commit_and_leaves_the_other_trees_as_they_were()
    {
        using var repos = TempRepos.WithClone();
        // Nothing kept: each published tree is the spare of the next update but one.
        var atomic = new Atomic(repos, keep: 0);
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var pushes = new Func<string>[]
        {
            () => repos.PushScripted("mkdir -p course/deep/a; echo '*.log' > .gitignore; echo u > 'course/unit 1.xml'; echo c > course/deep/a/c.xml; echo a > course/a.xml; echo b > course/b.xml; echo old > old.xml; echo kept > same.txt"),
            () => repos.PushScripted("echo a2 > course/a.xml; rm old.xml; mkdir -p added/sub; echo n > added/sub/n.xml; chmod +x course/b.xml; git mv 'course/unit 1.xml' course/unit-one.xml"),
            () => repos.PushScripted($"rm -r course/deep; echo file > course/deep; ln -s '{outside}' linked-out; ln -s course/a.xml linked-in; printf x > $'b\\xffad.xml'"),
            () => repos.PushScripted("rm course/deep; mkdir -p course/deep; echo again > course/deep/x.xml; rm linked-in; echo now-a-file > linked-in; rm linked-out; mkdir linked-out; echo f > linked-out/f; echo '*.txt text eol=crlf' > .gitattributes; printf 'a\\nb\\n' > lines.txt"),
            () => repos.PushScripted("rm -r added; chmod -x course/b.xml; echo b2 > course/b.xml; rm linked-in; ln -s course linked-in; git mv course/a.xml course/a2.xml"),
            () => repos.PushScripted("chmod +x course/a2.xml"),
            () => repos.PushScripted("rm -r linked-out course; echo back > course"),
        };
        var reused = 0;

        foreach (var push in pushes)
        {
            var sha = push();
            if (new FileInfo(repos.Checkout).LinkTarget is not null) LeaveWhatReadersLeave(repos.Checkout, outside);
            var others = (Directory.Exists(atomic.Trees) ? Directory.GetDirectories(atomic.Trees) : []).ToDictionary(tree => tree, WorkingTreeListing.Of);
            var spare = Directory.Exists(Path.Combine(atomic.Store, "spare")) ? Directory.GetDirectories(Path.Combine(atomic.Store, "spare")).Select(Inode).ToList() : [];

            var staged = await atomic.Stage();

            foreach (var (tree, listing) in others) Assert.Equal(listing, WorkingTreeListing.Of(tree));
            if (spare.Contains(Inode(staged.Folder))) reused++;
            Atomic.Succeeded(await atomic.Checkouts.Publish(staged, CancellationToken.None));
            var fresh = FreshCheckout(repos, sha);
            Assert.Equal(Listing(fresh), Listing(repos.Checkout));
            Assert.Equal(Git.Run(fresh, "ls-files", "--stage"), Git.Run(repos.Checkout, "ls-files", "--stage"));
            Assert.Equal(sha, Git.Run(repos.Checkout, "rev-parse", "HEAD"));
            Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
            Assert.Equal("", Git.Run(repos.Checkout, "diff-files", "--name-only"));
        }
        Assert.Equal(pushes.Length - 2, reused);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
    }

    [Fact]
    public async Task A_rollback_after_trees_were_made_from_spares_restores_the_kept_commit_exactly()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 1);
        var shas = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            shas.Add(repos.PushScripted($"mkdir -p d; echo v{i} > grader.py; echo {i} > d/f{i % 2}; chmod {(i % 2 == 0 ? "+x" : "-x")} d/f0"));
            await atomic.Update();
            File.WriteAllText(repos.InCheckout("__pycache__.pyc"), "written by a reader");
        }

        Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));

        Assert.Equal(shas[3], Git.Run(repos.Checkout, "rev-parse", "HEAD"));
        var fresh = FreshCheckout(repos, shas[3]);
        // The reader's file in the tree rolled back to stays: a rollback rewrites only what git tracks.
        Assert.Equal(
            Listing(fresh).Append("file __pycache__.pyc 644 " + Hash("written by a reader")).Order(StringComparer.Ordinal),
            Listing(repos.Checkout).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_spare_a_process_is_inside_keeps_its_index_while_another_is_set_aside_and_both_go_once_it_left()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 0);
        var spares = Path.Combine(atomic.Store, "spare");
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        repos.Push("grader.py", "v2\n");
        await atomic.Update();
        var held = Assert.Single(Directory.GetDirectories(spares));
        using var reader = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { WorkingDirectory = held })!;
        try
        {
            repos.Push("grader.py", "v3\n");
            await atomic.Update();

            Assert.Equal(2, Directory.GetDirectories(spares).Length);
            Assert.All(Directory.GetDirectories(spares), spare => Assert.True(File.Exists(spare + ".index"), $"{Path.GetFileName(spare)} has no index"));
        }
        finally
        {
            reader.Kill();
            await reader.WaitForExitAsync();
        }

        repos.Push("grader.py", "v4\n");
        await atomic.Update();
        Assert.False(Directory.Exists(held) || File.Exists(held + ".index"));
        Assert.Equal("v4\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    // What a reader may do to a published tree: write files and folders, leave links out, write a tracked file in place.
    private static void LeaveWhatReadersLeave(string tree, string outside)
    {
        File.WriteAllText(Path.Combine(tree, "untracked.txt"), "untracked");
        File.WriteAllText(Path.Combine(tree, "debug.log"), "ignored");
        File.CreateSymbolicLink(Path.Combine(tree, "untracked-link"), outside);
        Directory.CreateDirectory(Path.Combine(tree, "__pycache__"));
        File.WriteAllText(Path.Combine(tree, "__pycache__", "grader.cpython-312.pyc"), "bytecode");
        File.CreateSymbolicLink(Path.Combine(tree, "__pycache__", "deeper"), outside);
        File.WriteAllText(Path.Combine(tree, ".gitignore"), "changed in place by hand\n");
    }

    private static string FreshCheckout(TempRepos repos, string sha)
    {
        var fresh = Path.Combine(repos.Root, "fresh-" + sha);
        Git.Run(repos.Root, "clone", "--quiet", "--no-checkout", repos.OriginPath, fresh);
        Git.Run(fresh, "checkout", "--quiet", "--detach", sha);
        return fresh;
    }

    private static string Hash(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))[..12];

    // A tree's .git is a file naming its record in the store; a clone's is a folder.
    private static List<string> Listing(string root) =>
        WorkingTreeListing.Of(root).Where(line => line is not "folder .git" && !line.StartsWith("file .git ", StringComparison.Ordinal)).ToList();

    private static ulong Inode(string path) => ulong.Parse(Shell.Run("/", "stat -c %i -- \"$1\"", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
