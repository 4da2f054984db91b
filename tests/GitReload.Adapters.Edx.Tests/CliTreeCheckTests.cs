using System.Diagnostics;
using GitReload.Adapters.Edx.Checks;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Edx.Tests;

/// <summary><c>VERIFY_COMMAND</c> runs like the import: argv as a list, in the new tree, the import's time limit, the whole process tree killed past it.</summary>
public sealed class CliTreeCheckTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("gitreload-check-");

    private string Tree => Path.Combine(root.FullName, "repos", ".gitreload", "demo-course", "trees", "00000002-" + Sha);
    private string Records => Path.Combine(root.FullName, "records");
    private string Script => Path.Combine(root.FullName, "check.sh");

    public CliTreeCheckTests()
    {
        Directory.CreateDirectory(Tree);
        Directory.CreateDirectory(Records);
    }

    public void Dispose()
    {
        foreach (var pidFile in Directory.EnumerateFiles(Records, "*.pid"))
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && Processes.IsAlive(pid))
                Processes.KillQuietly(pid);
        root.Delete(recursive: true);
    }

    [Fact]
    public async Task The_check_runs_in_the_new_tree_with_every_placeholder_filled_and_its_output_kept()
    {
        WriteScript("printf '%s\\n' \"$@\" > \"$REC/argv\"; pwd -P > \"$REC/cwd\"; echo 'all graders import'");

        var passed = Succeeded(await Check(TimeSpan.FromSeconds(30), Script, "{repo_dir}", "{repo_name}", "{branch}", "{sha}", "{other}", "it's $HOME; {branch}"));

        Assert.Equal("all graders import", passed.Output);
        Assert.Equal([Tree, "demo-course", "devel", Sha, "{other}", "it's $HOME; devel"], File.ReadAllLines(Path.Combine(Records, "argv")));
        Assert.Equal(Tree, File.ReadAllText(Path.Combine(Records, "cwd")).Trim());
    }

    [Fact]
    public async Task The_wrapper_that_ties_the_check_to_the_service_is_labelled_as_a_check_in_ps()
    {
        // The check's parent is the wrapper: its argv is what ps shows for it.
        WriteScript("tr '\\0' ' ' < /proc/$PPID/cmdline");

        var wrapper = Succeeded(await Check(TimeSpan.FromSeconds(30), Script)).Output;

        Assert.Contains(" gitreload-verify ", wrapper);
        Assert.DoesNotContain("gitreload-import", wrapper);
    }

    [Fact]
    public async Task A_check_that_exits_non_zero_fails_with_its_exit_code_and_what_it_printed()
    {
        WriteScript("echo 'grader.py: SyntaxError' >&2; exit 3");

        var failure = Failed(await Check(TimeSpan.FromSeconds(30), Script));

        Assert.Equal("VERIFY_COMMAND exited with code 3", failure.Message);
        Assert.Equal("grader.py: SyntaxError", failure.Output);
        Assert.False(failure.Transient);
    }

    [Fact]
    public async Task A_check_past_the_time_limit_fails_and_its_whole_process_tree_is_killed()
    {
        WriteScript(Some.HangingScriptWithChild);
        var clock = Stopwatch.StartNew();

        var failure = Failed(await Check(Some.ShortLimit, Script));

        Assert.InRange(clock.Elapsed, Some.ShortLimit, TimeSpan.FromSeconds(15));
        Assert.Equal("VERIFY_COMMAND took longer than 1.5 seconds (SUBPROCESS_TIMEOUT_MINUTES); it was killed with its child processes", failure.Message);
        Assert.Equal("importing, child started", failure.Output);
        Assert.True(await Processes.DiesSoon(int.Parse(File.ReadAllText(Path.Combine(Records, "script.pid")))), "the check survived");
        Assert.True(await Processes.DiesSoon(int.Parse(File.ReadAllText(Path.Combine(Records, "child.pid")))), "the check's child survived");
    }

    [Fact]
    public async Task A_check_whose_program_cannot_be_started_fails_naming_it()
    {
        var missing = Path.Combine(root.FullName, "no-such-check");

        var failure = Failed(await Check(TimeSpan.FromSeconds(30), missing, "{repo_dir}"));

        Assert.StartsWith($"VERIFY_COMMAND's program {missing} cannot be started", failure.Message);
    }

    private Task<Either<JobFailure, CheckOutput>> Check(TimeSpan limit, params string[] command) =>
        new CliTreeCheck(new TreeCheckSettings(command.ToSeq(), limit))
            .Check(new StagedTree(Some.Repo, "devel", Tree, Sha, Option<string>.None), _ => { }, CancellationToken.None);

    private void WriteScript(string body)
    {
        File.WriteAllText(Script, $"#!/bin/sh\nREC='{Records}'\n{body}\n");
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static T Succeeded<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => value, Left: failure => throw new Xunit.Sdk.XunitException($"failed: {failure}"));

    private static JobFailure Failed<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => throw new Xunit.Sdk.XunitException($"succeeded: {value}"), Left: failure => failure);
}
