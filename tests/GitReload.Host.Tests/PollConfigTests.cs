using GitReload.Domain.Jobs;
using GitReload.Host.Configuration;
using LanguageExt;

namespace GitReload.Host.Tests;

/// <summary><c>POLL_SECONDS</c>, <c>POLL</c> and <c>POLL_CONCURRENCY</c>: read from a file or the environment, and what <c>check-config</c> says of them.</summary>
public sealed class PollConfigTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-poll-").FullName;
    private readonly string repos;

    public PollConfigTests()
    {
        repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        Directory.CreateDirectory(Path.Combine(repos, "graders", ".git"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Either<Seq<string>, LoadedConfiguration> Load(Dictionary<string, string?> env) => SettingsLoader.Load([], env, folder, folder).MapLeft(refusal => refusal.Problems.Map(p => p.ToString()));

    private async Task<(int ExitCode, string Output, string[] Findings)> CheckConfig(Dictionary<string, string> environment)
    {
        environment.TryAdd("REPODIR", repos);
        environment.TryAdd("VIRTUAL_ENV", new StubPython(folder).VirtualEnv);
        environment.TryAdd("EDX_PLATFORM", folder);
        environment.TryAdd("STATE_DIR", Path.Combine(folder, "state"));
        var (exitCode, output, errors) = await GitReloadProcess.Run(folder, environment, "check-config");
        return (exitCode, output, errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_reconcile_loop_is_off_by_default_with_four_origins_asked_at_once()
    {
        var poll = Load([]).Match(l => l.Settings.Core.Poll, p => throw new Xunit.Sdk.XunitException(string.Join("; ", p)));

        Assert.Equal((TimeSpan.Zero, true, 4), (poll.Interval, poll.Poll.IsEmpty, poll.Concurrency));
    }

    [Fact]
    public void POLL_is_an_object_in_the_file_and_a_JSON_string_in_the_environment_and_the_environment_wins()
    {
        File.WriteAllText(Path.Combine(folder, "gr.env.json"), """{"POLL": {"graders": "update", "*": "import"}, "POLL_SECONDS": 300}""");

        var fromFile = Load([]).Match(l => l.Settings.Core.Poll, p => throw new Xunit.Sdk.XunitException(string.Join("; ", p)));
        var fromEnvironment = Load(new() { ["POLL"] = """{"my-course": "import"}""", ["POLL_CONCURRENCY"] = "2" })
            .Match(l => l.Settings.Core.Poll, p => throw new Xunit.Sdk.XunitException(string.Join("; ", p)));

        Assert.Equal((TimeSpan.FromSeconds(300), "graders: update, *: import"), (fromFile.Interval, fromFile.Poll.ToString()));
        Assert.Equal(JobAction.CourseImport, fromFile.Poll.For((Domain.Hooks.RepoName)Domain.Hooks.RepoName.Parse("other")).IfNone(JobAction.GetLatest));
        Assert.Equal(("my-course: import", 2), (fromEnvironment.Poll.ToString(), fromEnvironment.Concurrency));
    }

    [Theory]
    [InlineData("POLL", """{"graders": "pull"}""", "environment: POLL must map each checkout to update or import, got 'pull' for 'graders'")]
    [InlineData("POLL", "update", "environment: POLL must be a JSON object mapping checkout names (or \"*\") to update or import")]
    [InlineData("POLL_SECONDS", "-5", "environment: POLL_SECONDS must be a number of seconds, 0 (off) or more, got '-5'")]
    [InlineData("POLL_CONCURRENCY", "0", "environment: POLL_CONCURRENCY must be a positive whole number, got '0'")]
    public void A_bad_value_is_a_problem_naming_its_key(string key, string value, string problem) =>
        Assert.Equal([problem], Load(new() { [key] = value }).Match(_ => [], p => p.ToArray()));

    [Fact]
    public async Task A_checkout_POLL_names_that_does_not_exist_is_a_warning_and_check_config_passes()
    {
        var (exitCode, output, findings) = await CheckConfig(new() { ["POLL_SECONDS"] = "300", ["POLL"] = """{"graders": "update", "gone": "import"}""" });

        Assert.Equal(0, exitCode);
        Assert.Equal([$"warning: POLL names gone, but there is no checkout {Path.Combine(repos, "gone")}: it is not followed"], findings);
        Assert.Contains("POLL = {gone: import, graders: update}  (environment)", output);
        Assert.Contains("POLL_SECONDS = 300  (environment)", output);
    }

    [Fact]
    public async Task A_checkout_POLL_names_that_does_not_exist_is_warned_about_with_the_nearest_checkout()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["POLL_SECONDS"] = "300", ["POLL"] = """{"grader": "update"}""" });

        Assert.Equal(0, exitCode);
        Assert.Equal([$"warning: POLL names grader, but there is no checkout {Path.Combine(repos, "grader")}: it is not followed; did you mean graders?"], findings);
    }

    [Fact]
    public async Task A_POLL_value_other_than_update_or_import_fails_check_config_naming_the_key()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["POLL"] = """{"graders": "fetch"}""" });

        Assert.Equal(1, exitCode);
        Assert.Equal(["problem: environment: POLL must map each checkout to update or import, got 'fetch' for 'graders'"], findings);
    }

    [Fact]
    public async Task POLL_SECONDS_with_no_checkout_named_is_a_warning()
    {
        var (exitCode, output, findings) = await CheckConfig(new() { ["POLL_SECONDS"] = "300" });

        Assert.Equal(0, exitCode);
        Assert.Equal(["warning: POLL_SECONDS is set but POLL names no checkout: no origin is asked. Set POLL, e.g. {\"*\": \"update\"}"], findings);
        Assert.Contains("POLL = (none: no checkout is followed)  (default)", output);
    }
}
