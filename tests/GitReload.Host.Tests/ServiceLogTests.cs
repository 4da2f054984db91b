using System.Diagnostics;
using System.Text.Json;
using GitReload.Application;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>What the running <c>gitreload</c> process says about itself, on the console and in <c>LOG_FILE_PATH</c>.</summary>
public sealed class ServiceLogTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private string LogFile => Path.Combine(git.Root, "logs", "gitreload.log");

    private Dictionary<string, string> Environment(StubPython python, Dictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["REPODIR"] = git.RepoDir,
            ["VIRTUAL_ENV"] = python.VirtualEnv,
            ["EDX_PLATFORM"] = python.EdxPlatform,
            ["STATE_DIR"] = Path.Combine(git.Root, "state"),
            ["LOG_LEVEL"] = "info",
            ["LOG_FILE_PATH"] = LogFile,
            ["HOOK_SECRET"] = "shared",
        };
        foreach (var (key, value) in more ?? [])
            environment[key] = value;
        return environment;
    }

    private static async Task<(string Url, Task<string> Errors)> Started(Process process)
    {
        var errors = process.StandardError.ReadToEndAsync();
        var url = await GitReloadProcess.ListeningUrl(process);
        _ = process.StandardOutput.ReadToEndAsync();
        return (url, errors);
    }

    private static async Task Terminate(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
    }

    [Fact]
    public async Task Start_and_shutdown_are_logged_with_the_version_and_the_configuration_file_and_the_file_has_the_console_lines()
    {
        var config = Path.Combine(git.Root, "gr.env.json");
        File.WriteAllText(config, """{"NUM_THREADS": 2}""");
        using var process = GitReloadProcess.Start(git.Root, Environment(new StubPython(git.Root)), "--port", "0");
        var (url, errors) = await Started(process);
        await Terminate(process);

        var console = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(console, l => l.EndsWith($"[INF] gitreload: GitReload {GitReloadVersion.Text} started: listening on {url}, configuration from {config}, checkouts in {git.RepoDir}, 2 worker(s)", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith("[INF] gitreload: Shutting down: no new hooks; 0 running job(s) get up to 30 s to finish", StringComparison.Ordinal));
        Assert.Contains(console, l => l.EndsWith("[INF] gitreload: Stopped; 0 job(s) stay queued in the journal and run after the next start", StringComparison.Ordinal));
        Assert.Equal(console, File.ReadAllLines(LogFile));
    }

    [Fact]
    public async Task A_log_file_that_cannot_be_written_is_said_at_start_and_the_service_still_serves()
    {
        var blocker = Path.Combine(git.Root, "not-a-folder");
        File.WriteAllText(blocker, "");
        var environment = Environment(new StubPython(git.Root), new() { ["LOG_FILE_PATH"] = Path.Combine(blocker, "gitreload.log") });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        using (var client = new HttpClient())
            Assert.Contains("queue_length", await client.GetStringAsync(url + "/queue"));
        await Terminate(process);

        Assert.Contains(
            $"[ERR] gitreload: Configuration problem: LOG_FILE_PATH: {blocker} is a file, not a folder: nothing will be logged to the file",
            await errors);
    }

    [Fact]
    public async Task Repository_secrets_without_a_shared_secret_are_warned_about_at_start()
    {
        var environment = Environment(new StubPython(git.Root), new() { ["HOOK_SECRET"] = "", ["REPO_SECRETS"] = """{"course": "its-own"}""", ["LOG_LEVEL"] = "warning" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (_, errors) = await Started(process);
        await Terminate(process);

        Assert.Contains("[WRN] gitreload: Configuration warning: HOOK_SECRET is not set, so only the repositories in REPO_SECRETS need a signature: hooks for any other repository are accepted unsigned", await errors);
    }

    [Fact]
    public async Task Jobs_left_by_a_killed_run_are_logged_as_resumed()
    {
        git.Clone("course");
        var release = Path.Combine(git.Root, "release");
        var python = new StubPython(git.Root, waitForFile: release);
        var environment = Environment(python, new() { ["HOOK_SECRET"] = "", ["SHUTDOWN_GRACE_SECONDS"] = "0.5" });
        try
        {
            using (var first = GitReloadProcess.Start(git.Root, environment, "--port", "0"))
            {
                var (url, _) = await Started(first);
                using var client = new HttpClient { BaseAddress = new Uri(url) };
                var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(Some.PushTo("course"), System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-GitHub-Event", "push");
                (await client.SendAsync(request)).EnsureSuccessStatusCode();
                await RunningHost.WaitFor(async () => (await client.GetStringAsync("/queue")).Contains("\"running\"", StringComparison.Ordinal), Patience);
                first.Kill();
                await first.WaitForExitAsync();
            }

            using var second = GitReloadProcess.Start(git.Root, environment, "--port", "0");
            var (_, errors) = await Started(second);
            await Terminate(second);
            Assert.Contains("[INF] gitreload: Resumed 1 job(s) that the last run left queued or running: 1 (course import of course)", await errors);
        }
        finally
        {
            File.WriteAllText(release, "");
        }
    }

    [Fact]
    public async Task With_json_log_format_the_file_is_json_too()
    {
        using var process = GitReloadProcess.Start(git.Root, Environment(new StubPython(git.Root), new() { ["LOG_FORMAT"] = "json" }), "--port", "0");
        var (_, errors) = await Started(process);
        await Terminate(process);
        await errors;

        var lines = File.ReadAllLines(LogFile);
        Assert.NotEmpty(lines);
        var started = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("MessageTemplate").GetString()!.Contains("started", StringComparison.Ordinal));
        Assert.Equal(GitReloadVersion.Text, started.GetProperty("Properties").GetProperty("Version").GetString());
    }
}
