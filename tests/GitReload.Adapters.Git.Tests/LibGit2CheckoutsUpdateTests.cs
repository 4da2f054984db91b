using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsUpdateTests
{
    [Fact]
    public async Task Update_brings_the_checkout_to_the_new_commit()
    {
        using var repos = TempRepos.WithClone();
        var before = repos.CheckoutHead();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        var update = Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(new CheckoutUpdate(before, pushed), update);
        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.Equal("<chapter/>", File.ReadAllText(repos.InCheckout("chapter1.xml")));
    }

    [Fact]
    public async Task Update_tells_how_long_each_step_ran_in_order()
    {
        using var repos = TempRepos.WithClone();
        repos.Push("chapter1.xml", "<chapter/>");
        var steps = new List<(string Step, TimeSpan Duration)>();
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)) { StepTimed = (step, duration) => steps.Add((step, duration)) };

        Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        Assert.Equal(["fetch", "reset", "clean"], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.True(s.Duration > TimeSpan.Zero));
    }

    [Fact]
    public async Task Update_with_nothing_new_succeeds_where_it_was()
    {
        using var repos = TempRepos.WithClone();
        var head = repos.CheckoutHead();

        Assert.Equal(new CheckoutUpdate(head, head), Updates.Succeeded(await Updates.Run(repos)));
    }

    [Fact]
    public async Task Update_of_an_empty_clone_has_no_sha_before()
    {
        using var repos = TempRepos.WithEmptyClone();
        var pushed = repos.Push("course.xml", "<course/>");

        var update = Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(new CheckoutUpdate(Option<string>.None, pushed), update);
        Assert.True(File.Exists(repos.InCheckout("course.xml")));
    }

    [Fact]
    public async Task Update_removes_untracked_and_ignored_files_and_restores_changed_ones()
    {
        using var repos = TempRepos.WithClone();
        repos.Push(".gitignore", "*.log\nbuild/\n");
        Updates.Succeeded(await Updates.Run(repos));
        File.WriteAllText(repos.InCheckout("README.md"), "edited on the server");
        File.WriteAllText(repos.InCheckout("stray.txt"), "untracked");
        Directory.CreateDirectory(repos.InCheckout("drafts/old"));
        File.WriteAllText(repos.InCheckout("drafts/old/unit.xml"), "untracked");
        File.WriteAllText(repos.InCheckout("import.log"), "ignored");
        Directory.CreateDirectory(repos.InCheckout("build"));
        File.WriteAllText(repos.InCheckout("build/output.bin"), "ignored");

        Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal("first", File.ReadAllText(repos.InCheckout("README.md")));
        Assert.False(Path.Exists(repos.InCheckout("stray.txt")));
        Assert.False(Path.Exists(repos.InCheckout("drafts")));
        Assert.False(Path.Exists(repos.InCheckout("import.log")));
        Assert.False(Path.Exists(repos.InCheckout("build")));
        Assert.Equal("", Git.Run(repos.Checkout, "status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task Update_leaves_a_nested_repository_alone_like_git_clean()
    {
        using var repos = TempRepos.WithClone();
        Directory.CreateDirectory(repos.InCheckout("scratch/tool"));
        File.WriteAllText(repos.InCheckout("scratch/notes.txt"), "untracked");
        Git.Run(repos.InCheckout("scratch/tool"), "init", "--quiet");
        File.WriteAllText(repos.InCheckout("scratch/tool/work.txt"), "only copy");

        Updates.Succeeded(await Updates.Run(repos));

        Assert.False(Path.Exists(repos.InCheckout("scratch/notes.txt")));
        Assert.Equal("only copy", File.ReadAllText(repos.InCheckout("scratch/tool/work.txt")));
    }

    [Fact]
    public async Task Update_removes_an_untracked_link_without_touching_what_it_points_to()
    {
        using var repos = TempRepos.WithClone();
        var outside = Directory.CreateDirectory(Path.Combine(repos.Root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        Directory.CreateSymbolicLink(repos.InCheckout("linked"), outside);

        Updates.Succeeded(await Updates.Run(repos));

        Assert.False(Path.Exists(repos.InCheckout("linked")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
    }

    [Fact]
    public async Task Update_puts_back_a_submodule_work_tree_that_an_update_killed_mid_reset_left_set_aside()
    {
        using var repos = TempRepos.WithClone();
        var setAside = repos.InCheckout($".git/gitreload/submodules/{Convert.ToHexString("libs/tool"u8)}");
        Directory.CreateDirectory(setAside);
        File.WriteAllText(Path.Combine(setAside, ".git"), "gitdir: ../../.git/modules/tool\n");
        File.WriteAllText(Path.Combine(setAside, "work.txt"), "only copy");

        Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal("only copy", File.ReadAllText(repos.InCheckout("libs/tool/work.txt")));
        Assert.False(Directory.Exists(setAside));
    }
}
