using System.Diagnostics;
using GitReload.Adapters.Edx.Imports;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Edx.Tests;

public sealed class EdxCliImporterTests : IDisposable
{
    private readonly StubEdx edx = new();

    public void Dispose() => edx.Dispose();

    [Fact]
    public async Task Default_command_runs_git_add_course_with_the_virtualenv_python_for_the_checkout()
    {
        edx.WritePython(Some.RecordingScript);

        Succeeded(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal(
            [edx.Python, "manage.py", "lms", "--settings=aws", "git_add_course", Some.Import.RepoUrl, "--directory_path", edx.Checkout],
            edx.RecordedLines("argv"));
    }

    [Fact]
    public async Task Default_command_runs_in_edx_platform()
    {
        edx.WritePython(Some.RecordingScript);

        Succeeded(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal([edx.EdxPlatform], edx.RecordedLines("cwd"));
    }

    [Fact]
    public async Task Import_gets_the_lms_variables_on_top_of_the_inherited_environment()
    {
        edx.WritePython(Some.RecordingScript);

        Succeeded(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal(
            [
                "SERVICE_VARIANT=lms",
                $"LMS_CFG={Some.LmsCfg}",
                $"REVISION_CFG={Some.RevisionCfg}",
                $"PATH={Environment.GetEnvironmentVariable("PATH")}",
                $"HOME={Environment.GetEnvironmentVariable("HOME")}",
            ],
            edx.RecordedLines("env"));
    }

    [Fact]
    public async Task Successful_import_returns_what_it_printed()
    {
        edx.WritePython(Some.RecordingScript);

        var output = Succeeded(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal("imported", output.Output);
    }

    [Fact]
    public async Task Template_command_fills_every_placeholder_and_runs_in_edx_platform()
    {
        edx.WritePython(Some.RecordingScript);
        var settings = edx.Settings(Some.AmpleTime,
            edx.Python, "lms", "git_add_course", "{repo_url}", "--directory_path", "{repo_dir}", "--name={repo_name}@{branch}");

        Succeeded(await Import(settings));

        Assert.Equal(
            [edx.Python, "lms", "git_add_course", Some.Import.RepoUrl, "--directory_path", edx.Checkout, "--name=demo-course@devel"],
            edx.RecordedLines("argv"));
        Assert.Equal([edx.EdxPlatform], edx.RecordedLines("cwd"));
    }

    [Fact]
    public async Task Template_command_runs_in_the_checkout_when_edx_platform_does_not_exist()
    {
        edx.WritePython(Some.RecordingScript);
        Directory.Delete(edx.EdxPlatform);
        Directory.CreateDirectory(edx.Checkout);

        Succeeded(await Import(edx.Settings(Some.AmpleTime, edx.Python, "{repo_name}")));

        Assert.Equal([edx.Checkout], edx.RecordedLines("cwd"));
    }

    [Fact]
    public async Task Placeholders_inside_filled_values_are_left_alone()
    {
        edx.WritePython(Some.RecordingScript);
        var import = Some.Import with { RepoUrl = "https://example.com/{branch}.git" };

        Succeeded(await new EdxCliImporter(edx.Settings(Some.AmpleTime, edx.Python, "{repo_url}")).Import(import, _ => { }, CancellationToken.None));

        Assert.Equal([edx.Python, "https://example.com/{branch}.git"], edx.RecordedLines("argv"));
    }

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_and_never_through_a_shell()
    {
        edx.WritePython(Some.RecordingScript);
        var import = Some.Import with { RepoUrl = "https://example.com/a b;touch pwned $(touch pwned).git 'q' \"qq\"" };

        Succeeded(await new EdxCliImporter(edx.Settings(Some.AmpleTime)).Import(import, _ => { }, CancellationToken.None));

        Assert.Equal(import.RepoUrl, edx.RecordedLines("argv")[5]);
        Assert.False(File.Exists(Path.Combine(edx.EdxPlatform, "pwned")));
    }

    [Fact]
    public async Task Non_zero_exit_fails_with_the_exit_code_and_the_output()
    {
        edx.WritePython("echo 'Loading course'\necho 'ImportError: no module' >&2\nexit 3");

        var failure = Failed(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal("Course import of demo-course exited with code 3", failure.Message);
        Assert.Equal(["ImportError: no module", "Loading course"], failure.Output.Split('\n').Order());
        Assert.False(failure.Transient);
    }

    [Fact]
    public async Task Stdout_and_stderr_lines_are_kept_in_the_order_printed()
    {
        edx.WritePython("echo out-1\nsleep 0.2\necho err-1 >&2\nsleep 0.2\necho out-2\nsleep 0.2\necho err-2 >&2");

        var output = Succeeded(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal("out-1\nerr-1\nout-2\nerr-2", output.Output);
    }

    [Fact]
    public async Task Missing_python_fails_naming_its_path()
    {
        var failure = Failed(await Import(edx.Settings(Some.AmpleTime)));

        Assert.StartsWith($"Cannot start the course import program {edx.Python} (check VIRTUAL_ENV)", failure.Message);
    }

    [Fact]
    public async Task Missing_template_program_fails_naming_it()
    {
        var failure = Failed(await Import(edx.Settings(Some.AmpleTime, "no-such-importer-program", "{repo_url}")));

        Assert.StartsWith("Cannot start the course import program no-such-importer-program (check IMPORT_COMMAND)", failure.Message);
    }

    [Fact]
    public async Task Empty_template_fails_instead_of_running_nothing()
    {
        var failure = Failed(await Import(edx.Settings(Some.AmpleTime, [])));

        Assert.Contains("IMPORT_COMMAND is empty", failure.Message);
    }

    [Fact]
    public async Task Missing_edx_platform_fails_naming_the_directory()
    {
        edx.WritePython(Some.RecordingScript);
        Directory.Delete(edx.EdxPlatform);

        var failure = Failed(await Import(edx.Settings(Some.AmpleTime)));

        Assert.Equal($"Working directory {edx.EdxPlatform} of the course import does not exist", failure.Message);
        Assert.False(File.Exists(Path.Combine(edx.Records, "argv")));
    }

    [Fact]
    public async Task Import_past_the_time_limit_fails_with_the_output_so_far_and_its_whole_process_tree_killed()
    {
        edx.WritePython(Some.HangingScriptWithChild);
        var clock = Stopwatch.StartNew();

        var failure = Failed(await Import(edx.Settings(Some.ShortLimit)));

        Assert.InRange(clock.Elapsed, Some.ShortLimit, TimeSpan.FromSeconds(15));
        Assert.Equal("Course import of demo-course exceeded the time limit of 1.5 seconds; it was killed with its child processes", failure.Message);
        Assert.Equal("importing, child started", failure.Output);
        Assert.True(await Processes.DiesSoon(edx.RecordedPid("script.pid")), "the import script survived");
        Assert.True(await Processes.DiesSoon(edx.RecordedPid("child.pid")), "the child of the import script survived");
    }

    [Theory]
    [InlineData(60.0, "60 minutes")]
    [InlineData(2.5, "2.5 minutes")]
    [InlineData(0.05, "3 seconds")]
    public void Time_limit_is_described_in_minutes_or_below_one_minute_in_seconds(double minutes, string described) =>
        Assert.Equal(described, EdxCliImporter.Describe(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public async Task Cancellation_by_the_caller_kills_the_whole_process_tree()
    {
        edx.WritePython(Some.HangingScriptWithChild);
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new EdxCliImporter(edx.Settings(Some.AmpleTime)).Import(Some.Import, _ => { }, shutdown.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));

        Assert.True(await Processes.DiesSoon(edx.RecordedPid("script.pid")), "the import script survived");
        Assert.True(await Processes.DiesSoon(edx.RecordedPid("child.pid")), "the child of the import script survived");
    }

    [Fact]
    public async Task Long_output_keeps_a_bounded_tail_ending_with_the_last_line()
    {
        edx.WritePython("seq 1 20000 | sed 's/^/output line /'");

        var output = Succeeded(await Import(edx.Settings(Some.AmpleTime))).Output;

        var lines = output.Split('\n');
        Assert.Equal(OutputTail.DroppedMarker, lines[0]);
        Assert.Equal(OutputTail.ImportMaxLines, lines.Length - 1);
        Assert.Equal("output line 20000", lines[^1]);
        Assert.Equal($"output line {20000 - OutputTail.ImportMaxLines + 1}", lines[1]);
    }

    [Fact]
    public async Task A_running_import_hands_on_its_output_so_far_while_it_runs()
    {
        edx.WritePython("echo 'loading chapter 1'\nwhile [ ! -e \"$REC/go\" ]; do sleep 0.1; done\necho 'loading chapter 2'");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var running = new EdxCliImporter(edx.Settings(Some.AmpleTime)).Import(Some.Import, seen.Enqueue, CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!seen.Any(s => s.Contains("loading chapter 1", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var sawFirstWhileRunning = !running.IsCompleted && seen.Any(s => s.Contains("loading chapter 1", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(edx.Records, "go"), "");
        var output = Succeeded(await running).Output;

        Assert.True(sawFirstWhileRunning, "the output so far was not handed on while the import ran");
        Assert.Equal("loading chapter 1\nloading chapter 2", output);
    }

    private Task<Either<JobFailure, ImportOutput>> Import(EdxImportSettings settings) =>
        new EdxCliImporter(settings).Import(Some.Import, _ => { }, CancellationToken.None);

    private static ImportOutput Succeeded(Either<JobFailure, ImportOutput> result) => result.Match(
        Right: output => output,
        Left: failure => throw new Xunit.Sdk.XunitException($"expected success, got {failure}"));

    private static JobFailure Failed(Either<JobFailure, ImportOutput> result) => result.Match(
        Right: output => throw new Xunit.Sdk.XunitException($"expected failure, got {output}"),
        Left: failure => failure);
}
