using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Twin clones of one origin, left in the same state: GitReload updates one, the git command line
/// (<c>git fetch --prune &amp;&amp; git reset --hard origin/&lt;branch&gt; &amp;&amp; git clean -xdf</c>) the other,
/// and both must end up with the same files, index and HEAD. GitReload's side keeps one
/// <see cref="LibGit2Checkouts"/> for all its updates, as the host does: it remembers what each
/// update left, and resets more cheaply when it finds the index as it left it.
/// </summary>
public sealed class LibGit2CheckoutsLikeGitTests
{
    private static readonly Dictionary<string, string> Course = new()
    {
        [".gitignore"] = "*.log\nbuild/\ncourse/cache/\n",
        ["course/unit 1.xml"] = "<unit/>",
        ["course/ünïcødé.xml"] = "<unit/>",
        ["course/-dash.xml"] = "<unit/>",
        ["course/deep/a/b/c.xml"] = "<unit/>",
        ["course/a.xml"] = "a",
        ["course/b.xml"] = "b",
        ["course/c.xml"] = "c",
        ["course/tracked-but-ignored.log"] = "kept: the index holds it",
        ["old.xml"] = "old",
    };

    private static Func<Task<Either<JobFailure, CheckoutUpdate>>> UpdaterOf(TempRepos repos)
    {
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));
        return () => checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None);
    }

    // A second push after Course: one file changed, one added, one removed.
    private static void PushChangesToCourse(TempRepos repos)
    {
        repos.PushAll(new Dictionary<string, string> { ["course/a.xml"] = "a2", ["new.xml"] = "new" });
        repos.PushRemoval("old.xml");
    }

    [Fact]
    public async Task Update_removes_what_git_clean_xdf_removes_and_keeps_what_it_keeps()
    {
        using var repos = TempRepos.WithClone();
        var update = UpdaterOf(repos);
        repos.PushAll(Course);
        Updates.Succeeded(await update());
        var twin = repos.CloneTwin();
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var pushed = repos.PushAll(new Dictionary<string, string> { ["course/a.xml"] = "a2", ["new.xml"] = "new" });
        foreach (var clone in new[] { repos.Checkout, twin }) LeaveLeftovers(clone, outside);

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Assert.Equal(WorkingTreeListing.Of(twin), WorkingTreeListing.Of(repos.Checkout));
        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.Contains("folder tool/.git", WorkingTreeListing.Of(repos.Checkout));
        Assert.Contains("folder course/deep/a/.git", WorkingTreeListing.Of(repos.Checkout));
        Assert.Contains(WorkingTreeListing.Of(repos.Checkout), line => line.StartsWith("file course/tracked-but-ignored.log ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_undoes_local_changes_to_tracked_files_like_git_reset_hard()
    {
        using var repos = TempRepos.WithClone();
        var update = UpdaterOf(repos);
        repos.PushAll(Course);
        Updates.Succeeded(await update());
        var left = LeftNow(repos.Checkout);
        var twin = repos.CloneTwin();
        PushChangesToCourse(repos);
        foreach (var clone in new[] { repos.Checkout, twin }) ChangeTrackedFilesOnly(clone);
        // The index is as the first update left it: the second takes the cheaper reset.
        Assert.Equal(left, LeftNow(repos.Checkout));

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
    }

    [Fact]
    public async Task Update_undoes_changes_staged_by_hand_like_git_reset_hard()
    {
        using var repos = TempRepos.WithClone();
        var update = UpdaterOf(repos);
        repos.PushAll(Course);
        Updates.Succeeded(await update());
        var twin = repos.CloneTwin();
        PushChangesToCourse(repos);
        foreach (var clone in new[] { repos.Checkout, twin }) ChangeTrackedFilesAndTheIndex(clone);

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
    }

    [Fact]
    public async Task Update_in_the_middle_of_a_conflicted_merge_ends_it_like_git_reset_hard()
    {
        using var repos = TempRepos.WithClone();
        var twin = repos.CloneTwin();
        var update = UpdaterOf(repos);
        Updates.Succeeded(await update());
        var pushed = repos.Push("README.md", "from origin");
        foreach (var clone in new[] { repos.Checkout, twin })
        {
            File.WriteAllText(Path.Combine(clone, "README.md"), "edited on the server");
            Git.Run(clone, "commit", "--quiet", "-am", "local edit");
            Git.Run(clone, "fetch", "--quiet");
            Assert.Throws<InvalidOperationException>(() => Git.Run(clone, "merge", "--quiet", $"origin/{Some.Branch}"));
        }

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.False(File.Exists(repos.InCheckout(".git/MERGE_HEAD")));
        Assert.Equal(WorkingTreeListing.Of(twin), WorkingTreeListing.Of(repos.Checkout));
        Assert.Equal(Git.Run(twin, "ls-files", "--stage"), Git.Run(repos.Checkout, "ls-files", "--stage"));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task Update_records_the_reset_in_the_reflogs_of_the_branch_and_of_HEAD_either_way()
    {
        using var repos = TempRepos.WithClone();
        var update = UpdaterOf(repos);
        var left = Option<LeftBehind>.None;
        foreach (var file in new[] { "chapter1.xml", "chapter2.xml" })
        {
            var pushed = repos.Push(file, "<chapter/>");
            // None the first time (libgit2's reset), as the first update left it the second (the cheaper one).
            Assert.Equal(left, left.Bind(_ => LeftNow(repos.Checkout)));

            Updates.Succeeded(await update());
            left = LeftNow(repos.Checkout);

            Assert.Equal($"{pushed} reset: moving to {pushed}", Git.Run(repos.Checkout, "reflog", "-1", "--format=%H %gs", Some.Branch));
            Assert.Equal($"{pushed} reset: moving to {pushed}", Git.Run(repos.Checkout, "reflog", "-1", "--format=%H %gs", "HEAD"));
        }
    }

    [Fact]
    public async Task Update_keeps_the_work_tree_of_a_submodule_removed_upstream_like_git()
    {
        using var repos = TempRepos.WithClone();
        var update = UpdaterOf(repos);
        var twin = repos.CloneTwin();
        var library = Path.Combine(repos.Root, "library.git");
        Shell.Run(repos.Root, """
            git init -q --bare -b devel library.git; git clone -q library.git library
            cd library; echo tool > tool.py; git add tool.py; git commit -qm tool; git push -q origin devel
            """);
        repos.PushScripted($"git -c protocol.file.allow=always submodule --quiet add -b devel '{library}' lib");
        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);
        foreach (var clone in new[] { repos.Checkout, twin })
        {
            Git.Run(clone, "-c", "protocol.file.allow=always", "submodule", "--quiet", "update", "--init");
            File.WriteAllText(Path.Combine(clone, "lib", "local.txt"), "only copy");
        }
        repos.PushScripted("git rm -q lib");

        Updates.Succeeded(await update());
        TempRepos.UpdateWithGit(twin);

        Twins.AssertAlike(repos, twin);
        Assert.Equal("only copy", File.ReadAllText(repos.InCheckout("lib/local.txt")));
        Assert.Contains("file lib/.git 644", string.Join('\n', WorkingTreeListing.Of(repos.Checkout)));
    }

    private static Option<LeftBehind> LeftNow(string clone)
    {
        using var repo = new Repository(clone);
        return LeftBehind.Of(repo);
    }

    private static void LeaveLeftovers(string clone, string outside)
    {
        void Write(string path, string content = "left over")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone, path))!);
            File.WriteAllText(Path.Combine(clone, path), content);
        }

        Write("stray.txt");
        Write("drafts/old/unit.xml");
        Write("import.log");
        Write("build/output.bin");
        Write("build/sub/x.o");
        Write("course/cache/page.html");
        Write("course/debug.log");
        Write("course/notes.txt");
        Write("course/deep/a/untracked.xml");
        foreach (var name in new[] { "with space.txt", "ünïcødé.txt", "-rf", "--force.txt", "new\nline.txt", ".hidden", "*", "a\\b" })
            Write(name);
        Directory.CreateDirectory(Path.Combine(clone, "empty"));
        Directory.CreateDirectory(Path.Combine(clone, "course/empty"));
        Directory.CreateDirectory(Path.Combine(clone, "nested/empty/folders"));
        Directory.CreateDirectory(Path.Combine(clone, "tool"));
        Git.Run(Path.Combine(clone, "tool"), "init", "--quiet");
        Write("tool/work.txt", "only copy");
        Git.Run(Path.Combine(clone, "course/deep/a"), "init", "--quiet");
        Write("scratch/notes.txt");
        Directory.CreateDirectory(Path.Combine(clone, "scratch/tool"));
        Git.Run(Path.Combine(clone, "scratch/tool"), "init", "--quiet");
        Write("scratch/tool/work.txt", "only copy");
        Directory.CreateSymbolicLink(Path.Combine(clone, "linked"), outside);
        Directory.CreateSymbolicLink(Path.Combine(clone, "course/linked"), outside);
        Directory.CreateSymbolicLink(Path.Combine(clone, "course-link"), "course");
        File.CreateSymbolicLink(Path.Combine(clone, "course/link-to-a"), "a.xml");
        File.CreateSymbolicLink(Path.Combine(clone, "dangling"), "nowhere");
    }

    // Only the working tree: no git command runs in the clone.
    private static void ChangeTrackedFilesOnly(string clone)
    {
        string In(string path) => Path.Combine(clone, path);

        File.WriteAllText(In("course/unit 1.xml"), "edited on the server");
        File.Delete(In("course/ünïcødé.xml"));
        File.WriteAllText(In("course/a.xml"), "edited, and changed on origin");
        File.SetUnixFileMode(In("course/-dash.xml"), File.GetUnixFileMode(In("course/-dash.xml")) | UnixFileMode.UserExecute);
        File.Delete(In("course/c.xml"));
        Directory.CreateDirectory(In("course/c.xml"));
        File.WriteAllText(In("course/c.xml/inside.txt"), "a folder where a file was");
        Directory.Delete(In("course/deep"), recursive: true);
        File.WriteAllText(In("course/deep"), "a file where a folder was");
        File.WriteAllText(In("old.xml"), "edited, and gone from origin");
        File.WriteAllText(In("stray.txt"), "untracked");
    }

    private static void ChangeTrackedFilesAndTheIndex(string clone)
    {
        string In(string path) => Path.Combine(clone, path);

        File.WriteAllText(In("course/unit 1.xml"), "edited on the server");
        File.Delete(In("course/ünïcødé.xml"));
        File.WriteAllText(In("staged-new.txt"), "staged");
        Git.Run(clone, "add", "staged-new.txt");
        File.WriteAllText(In("course/a.xml"), "staged edit");
        Git.Run(clone, "add", "course/a.xml");
        Git.Run(clone, "rm", "--quiet", "--cached", "course/b.xml");
        File.WriteAllText(In("intent.txt"), "intent to add");
        Git.Run(clone, "add", "--intent-to-add", "intent.txt");
        File.SetUnixFileMode(In("course/-dash.xml"), File.GetUnixFileMode(In("course/-dash.xml")) | UnixFileMode.UserExecute);
        File.Delete(In("course/c.xml"));
        Directory.CreateDirectory(In("course/c.xml"));
        File.WriteAllText(In("course/c.xml/inside.txt"), "a folder where a file was");
        Directory.Delete(In("course/deep"), recursive: true);
        File.WriteAllText(In("course/deep"), "a file where a folder was");
        File.WriteAllText(In("old.xml"), "edited, and gone from origin");
    }
}
