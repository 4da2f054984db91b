using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Publishing;
using GitReload.Domain.Checkouts;

namespace GitReload.Adapters.Git.Tests;

public sealed class AtomicCheckoutsTests
{
    [Fact]
    public async Task The_first_atomic_update_turns_the_checkout_into_a_link_to_a_clean_git_tree_of_the_new_commit()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        var before = repos.CheckoutHead();
        var pushed = repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v2\n", ["lib/answer.py"] = "v2\n" });

        var update = await atomic.Update();

        Assert.Equal(before, update.ShaBefore.IfNoneUnsafe((string?)null));
        Assert.Equal(pushed, update.ShaAfter);
        Assert.StartsWith(".gitreload/demo-course/trees/", new FileInfo(repos.Checkout).LinkTarget);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("lib/answer.py")));
        Assert.Equal(pushed, Git.Run(repos.Checkout, "rev-parse", "HEAD"));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
        Assert.Equal("", Git.Run(atomic.Published, "diff-files", "--name-only"));
    }

    [Fact]
    public async Task The_first_atomic_update_carries_only_the_commit_into_the_tree_and_removes_the_old_folder_with_its_untracked_files_and_edits()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        File.WriteAllText(repos.InCheckout("notes.txt"), "untracked\n");
        File.WriteAllText(repos.InCheckout("README.md"), "edited by hand\n");
        repos.Push("grader.py", "v2\n");

        await atomic.Update();

        Assert.Equal(("first", false), (File.ReadAllText(repos.InCheckout("README.md")), File.Exists(repos.InCheckout("notes.txt"))));
        Assert.Empty(Directory.GetFiles(repos.Root, "notes.txt", SearchOption.AllDirectories));
        var retired = Path.Combine(atomic.Store, "retired");
        Assert.Empty(Directory.Exists(retired) ? Directory.GetFileSystemEntries(retired) : []);
    }

    [Fact]
    public async Task A_checkout_published_atomically_is_inspected_as_the_branch_and_origin_GitReload_recorded()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v2\n");
        await atomic.Update();

        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);

        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), state);
    }

    [Fact]
    public async Task A_new_tree_shares_the_files_that_did_not_change_and_the_previous_tree_keeps_its_content()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v1\n", ["same.txt"] = "same\n" });
        await atomic.Update();
        var first = atomic.Published;
        repos.Push("grader.py", "v2\n");

        await atomic.Update();

        var second = atomic.Published;
        Assert.NotEqual(first, second);
        Assert.Equal("v1\n", File.ReadAllText(Path.Combine(first, "grader.py")));
        Assert.Equal("v2\n", File.ReadAllText(Path.Combine(second, "grader.py")));
        Assert.Equal(Inode(Path.Combine(first, "same.txt")), Inode(Path.Combine(second, "same.txt")));
        Assert.NotEqual(Inode(Path.Combine(first, "grader.py")), Inode(Path.Combine(second, "grader.py")));
        Assert.Equal("", Git.Run(second, "status", "--porcelain", "--ignored"));
        Assert.Equal("", Git.Run(first, "status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task A_file_changed_in_the_published_tree_is_written_afresh_in_the_next_tree_not_linked()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v1\n", ["answer.py"] = "answer\n" });
        await atomic.Update();
        // Someone writes into a published file in place.
        File.WriteAllText(repos.InCheckout("answer.py"), "edited by hand, longer\n");
        repos.Push("grader.py", "v2\n");

        await atomic.Update();

        Assert.Equal("answer\n", File.ReadAllText(repos.InCheckout("answer.py")));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain"));
    }

    [Fact]
    public async Task A_new_gitattributes_has_the_unchanged_files_it_applies_to_written_afresh_not_linked()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.PushAll(new Dictionary<string, string> { ["lines.txt"] = "a\nb\n" });
        await atomic.Update();
        var first = atomic.Published;
        repos.Push(".gitattributes", "*.txt text eol=crlf\n");

        await atomic.Update();

        Assert.Equal("a\r\nb\r\n", File.ReadAllText(repos.InCheckout("lines.txt")));
        Assert.Equal("a\nb\n", File.ReadAllText(Path.Combine(first, "lines.txt")));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task A_file_made_executable_in_the_published_tree_is_written_afresh_in_the_next_tree_not_linked()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v1\n", ["answer.py"] = "answer\n" });
        await atomic.Update();
        File.SetUnixFileMode(repos.InCheckout("answer.py"), File.GetUnixFileMode(repos.InCheckout("answer.py")) | UnixFileMode.UserExecute);
        repos.Push("grader.py", "v2\n");

        await atomic.Update();

        Assert.False(File.GetUnixFileMode(repos.InCheckout("answer.py")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain"));
    }

    [Fact]
    public async Task Nothing_new_on_origin_publishes_nothing()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        var pushed = repos.Push("grader.py", "v2\n");
        await atomic.Update();
        var published = atomic.Published;

        var update = await atomic.Update();

        Assert.Equal(pushed, update.ShaAfter);
        Assert.Equal(pushed, update.ShaBefore.IfNoneUnsafe((string?)null));
        Assert.Equal(published, atomic.Published);
        Assert.Single(atomic.TreeFolders());
    }

    [Fact]
    public async Task Nothing_new_on_origin_but_a_damaged_published_tree_publishes_a_fresh_tree_of_the_same_commit()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v2\n");
        await atomic.Update();
        var damaged = atomic.Published;
        File.Delete(repos.InCheckout("grader.py"));

        await atomic.Update();

        Assert.NotEqual(damaged, atomic.Published);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Trees_beyond_PUBLISH_KEEP_are_removed_with_their_worktree_records(int keep)
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep);
        var shas = new List<string>();
        for (var i = 0; i < keep + 3; i++)
        {
            shas.Add(repos.Push("grader.py", $"v{i}\n"));
            await atomic.Update();
        }

        var trees = atomic.TreeFolders();
        Assert.Equal(keep + 1, trees.Length);
        Assert.Equal(shas.TakeLast(keep + 1), trees.Select(t => t[(t.IndexOf('-') + 1)..]));
        Assert.Equal(trees, Directory.GetDirectories(Path.Combine(atomic.Store, "repo.git", "worktrees")).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(atomic.Store, "retired")));
        Assert.Equal(keep + 1, Git.Run(atomic.Published, "worktree", "list").Split('\n').Count(l => l.Contains("/trees/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_rollback_points_the_checkout_back_at_the_previous_tree_and_a_second_one_further_back()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 2);
        var first = repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var second = repos.Push("grader.py", "v2\n");
        await atomic.Update();
        var third = repos.Push("grader.py", "broken\n");
        await atomic.Update();

        var back = Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, third, CancellationToken.None));

        Assert.Equal(third, back.ShaBefore.IfNoneUnsafe((string?)null));
        Assert.Equal(second, back.ShaAfter);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("grader.py")));
        Assert.Equal(second, Git.Run(repos.Checkout, "rev-parse", "HEAD"));
        var further = Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));
        Assert.Equal(first, further.ShaAfter);
        Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
        var state = await new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)).Inspect(Some.Repo, CancellationToken.None);
        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), state);
    }

    [Fact]
    public async Task A_rollback_that_undoes_a_commit_this_host_does_not_publish_changes_nothing_succeeds_and_says_why()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 2);
        var first = repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var second = repos.Push("grader.py", "v2\n");
        await atomic.Update();
        var published = atomic.Published;
        // Another host published a third commit this host's check refused: that is the one the rollback undoes.
        var refusedHere = repos.Push("grader.py", "broken\n");
        var log = new ListLogger();
        var checkouts = new LibGit2AtomicCheckouts(new GitCheckoutSettings(repos.RepoDir) { PublishKeep = 2 }) { Log = log };

        var update = Atomic.Succeeded(await checkouts.RollBack(Some.Repo, refusedHere, CancellationToken.None));

        Assert.Equal((second, second), (update.ShaBefore.IfNoneUnsafe((string?)null), update.ShaAfter));
        Assert.Equal(published, atomic.Published);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("grader.py")));
        Assert.Equal(
            [$"Information: {Some.Repo}: the rollback undoes {refusedHere[..7]}, and this host publishes {second[..7]}: nothing to undo here, the checkout is left as it is"],
            log.Lines);
        // The tree it would have gone back to is still kept: a rollback of the published commit still finds it.
        Assert.Equal(first, Atomic.Succeeded(await checkouts.RollBack(Some.Repo, second, CancellationToken.None)).ShaAfter);
    }

    [Fact]
    public async Task A_rollback_with_no_older_tree_kept_changes_nothing_and_says_why()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var published = atomic.Published;

        var failure = Atomic.Failed(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));

        Assert.Contains("no tree older than the published one", failure.Message);
        Assert.Equal(published, atomic.Published);
    }

    [Fact]
    public async Task A_rollback_of_a_checkout_in_place_changes_nothing_and_says_why()
    {
        using var repos = TempRepos.WithClone();

        var failure = Atomic.Failed(await new Atomic(repos).Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));

        Assert.Contains("not published atomically", failure.Message);
        Assert.True(Directory.Exists(Path.Combine(repos.Checkout, ".git")));
    }

    [Fact]
    public async Task A_rollback_writes_afresh_a_file_of_the_kept_tree_that_was_changed_through_a_shared_link()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.PushAll(new Dictionary<string, string> { ["grader.py"] = "v1\n", ["answer.py"] = "answer\n" });
        await atomic.Update();
        repos.Push("grader.py", "v2\n");
        await atomic.Update();
        // answer.py is one file in both trees: writing into it in place changes the kept tree too.
        File.WriteAllText(repos.InCheckout("answer.py"), "edited in place\n");

        Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));

        Assert.Equal("answer\n", File.ReadAllText(repos.InCheckout("answer.py")));
        Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain"));
    }

    [Fact]
    public async Task A_discarded_tree_is_removed_and_readers_keep_the_published_one()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var published = atomic.Published;
        repos.Push("grader.py", "broken\n");

        var staged = await atomic.Stage();
        Assert.Equal("broken\n", File.ReadAllText(Path.Combine(staged.Folder, "grader.py")));
        // The check runs in it where it is made, as in a clean git tree of its commit.
        Assert.Equal((staged.Sha, ""), (Git.Run(staged.Folder, "rev-parse", "HEAD"), Git.Run(staged.Folder, "status", "--porcelain")));
        Assert.DoesNotContain(atomic.TreeFolders(), tree => tree.EndsWith(staged.Sha, StringComparison.Ordinal));
        await atomic.Checkouts.Discard(staged, CancellationToken.None);

        Assert.False(Directory.Exists(staged.Folder));
        Assert.Equal(published, atomic.Published);
        Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    [Fact]
    public async Task A_discarded_tree_with_a_process_still_inside_leaves_the_trees_and_is_never_a_rollback_target()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        repos.Push("grader.py", "broken\n");
        var staged = await atomic.Stage();
        // What a check can leave behind: a process whose working directory is the tree.
        using var inside = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { WorkingDirectory = staged.Folder })!;
        try
        {
            await atomic.Checkouts.Discard(staged, CancellationToken.None);

            Assert.False(Directory.Exists(staged.Folder));
            repos.Push("grader.py", "v3\n");
            await atomic.Update();
            Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));
            Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
        }
        finally
        {
            inside.Kill();
        }
    }

    [Fact]
    public async Task A_tree_whose_check_was_cut_off_by_a_crash_is_never_kept_and_the_next_update_removes_it()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        repos.Push("grader.py", "broken\n");
        // What kill -9 during VERIFY_COMMAND leaves: the tree staged, neither published nor discarded, and the check,
        // orphaned, still inside it.
        var cutOff = await atomic.Stage();
        using var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { WorkingDirectory = cutOff.Folder })!;
        try
        {
            // The job resumed after the restart: its check fails again.
            await atomic.Checkouts.Discard(await atomic.Stage(), CancellationToken.None);
            repos.Push("grader.py", "v3\n");
            await atomic.Update();

            Assert.DoesNotContain(atomic.TreeFolders(), tree => tree.EndsWith(cutOff.Sha, StringComparison.Ordinal));
            Atomic.Succeeded(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));
            Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
            Atomic.Failed(await atomic.Checkouts.RollBack(Some.Repo, LanguageExt.Option<string>.None, CancellationToken.None));
            Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
        }
        finally
        {
            check.Kill();
            await check.WaitForExitAsync();
        }

        repos.Push("grader.py", "v4\n");
        await atomic.Update();
        Assert.False(Directory.Exists(cutOff.Folder));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(atomic.Store, "building")));
    }

    [Fact]
    public async Task A_tree_left_half_made_by_a_run_that_was_cut_off_is_removed_by_the_next_update()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var leftover = Path.Combine(atomic.Store, "building", "00000009-" + new string('a', 40));
        Directory.CreateDirectory(Path.Combine(leftover, "half"));
        File.WriteAllText(Path.Combine(leftover, "half", "written.txt"), "partial");
        repos.Push("grader.py", "v2\n");

        await atomic.Update();

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(atomic.Store, "building")));
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    [Fact]
    public async Task Made_in_place_again_the_checkout_is_an_ordinary_clean_folder_at_the_published_commit_and_updates_in_place()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        var pushed = repos.Push("grader.py", "v1\n");
        await atomic.Update();

        Atomic.Succeeded(await atomic.Checkouts.MakeInPlace(Some.Repo, CancellationToken.None));

        Assert.Null(new DirectoryInfo(repos.Checkout).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(repos.Checkout, ".git")));
        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.Equal(Some.Branch, Git.Run(repos.Checkout, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
        Assert.False(Directory.Exists(atomic.Store));
        var next = repos.Push("grader.py", "v2\n");
        Assert.Equal(next, Updates.Succeeded(await Updates.Run(repos)).ShaAfter);
        Assert.Equal("v2\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    [Fact]
    public async Task An_in_place_update_refuses_a_checkout_published_atomically()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos);
        repos.Push("grader.py", "v1\n");
        await atomic.Update();
        var published = atomic.Published;
        repos.Push("grader.py", "v2\n");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.Contains("published atomically", failure.Message);
        Assert.Equal(published, atomic.Published);
        Assert.Equal("v1\n", File.ReadAllText(repos.InCheckout("grader.py")));
    }

    [Fact]
    public async Task The_catalog_shows_the_published_commit_as_HEAD_and_the_commits_kept_and_never_the_store()
    {
        using var repos = TempRepos.WithClone();
        var atomic = new Atomic(repos, keep: 2);
        var shas = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            shas.Add(repos.Push("grader.py", $"v{i}\n"));
            await atomic.Update();
        }

        var listed = Assert.Single(await new LibGit2CheckoutCatalog(new GitCheckoutSettings(repos.RepoDir) { PublishKeep = 2 }).List(CancellationToken.None));

        Assert.Equal(Some.Repo, listed.Repo);
        Assert.Equal(new CheckoutState.OnBranch(Some.Branch, repos.OriginPath), listed.State);
        Assert.Equal(shas[3], listed.Head.IfNoneUnsafe((string?)null));
        var publication = listed.Publication.IfNone(() => throw new Xunit.Sdk.XunitException("no publication"));
        Assert.Equal(shas[3], publication.Published);
        Assert.Equal([shas[2], shas[1]], publication.Kept.ToArray());
    }

    [Fact]
    public async Task A_checkout_on_another_branch_than_the_job_s_is_not_converted()
    {
        using var repos = TempRepos.WithClone();
        Git.Run(repos.Checkout, "checkout", "--quiet", "-b", "other");
        repos.Push("grader.py", "v1\n");

        var failure = Atomic.Failed(await new Atomic(repos).Checkouts.Stage(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.Contains("checked-out branch changed", failure.Message);
        Assert.True(Directory.Exists(Path.Combine(repos.Checkout, ".git")));
        Assert.Null(new DirectoryInfo(repos.Checkout).LinkTarget);
    }

    private static ulong Inode(string path) => ulong.Parse(Shell.Run("/", "stat -c %i -- \"$1\"", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
