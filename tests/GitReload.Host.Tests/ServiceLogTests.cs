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

    // A value of null in more leaves the key out.
    private Dictionary<string, string> Environment(StubPython python, Dictionary<string, string?>? more = null)
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
        {
            if (value is null)
                environment.Remove(key);
            else
                environment[key] = value;
        }
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
    public async Task Clients_that_reset_the_connection_half_way_through_a_body_are_abandoned_and_the_service_logs_no_error()
    {
        var environment = Environment(new StubPython(git.Root), new() { ["MAX_PAYLOAD_BYTES"] = "20000" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        var server = new Uri(url);
        for (var i = 0; i < 4; i++)
        {
            var http = await RawHttp.Connect(server);
            await http.Send([.. RawHttp.PostHead(server, "/update", "Content-Length: 19999", "X-GitHub-Event: push", "X-Hub-Signature-256: sha256=" + new string('0', 64)), (byte)'{']);
            await Task.Delay(300); // the server now waits in a read of the rest
            http.Reset();
        }
        using (var client = new HttpClient { BaseAddress = server })
            await RunningHost.WaitFor(async () => (await client.GetStringAsync("/metrics")).Contains("outcome=\"abandoned\"} 4", StringComparison.Ordinal), Patience);
        await Task.Delay(500); // Kestrel's draining of the body, which failed, runs after the answer
        await Terminate(process);

        var log = await errors;
        Assert.Contains("Hook body of delivery (no id) from GitHub to /update abandoned by the client before its end", log);
        Assert.DoesNotContain("[ERR]", log);
        Assert.DoesNotContain("Reading is already in progress", log);
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
    public async Task A_REPODIR_that_is_a_file_is_said_to_be_a_file_in_check_config_the_start_the_hook_log_and_health()
    {
        var repoDir = Path.Combine(git.Root, "repos-file");
        File.WriteAllText(repoDir, "");
        var environment = Environment(new StubPython(git.Root), new() { ["REPODIR"] = repoDir, ["HOOK_SECRET"] = null });

        var (exitCode, _, checkErrors) = await GitReloadProcess.Run(git.Root, environment, "check-config");
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(Some.PushTo("course"), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-GitHub-Event", "push");
            using var answer = await client.SendAsync(request);
            using var health = await client.GetAsync("/healthz");
            using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            await Terminate(process);
            var log = await errors;

            Assert.Equal(1, exitCode);
            Assert.Contains($"problem: REPODIR {repoDir} is a file, not a folder: every hook will answer 500 'Server configuration issue'", checkErrors.Split('\n'));
            Assert.Contains($"[ERR] gitreload: Configuration problem: REPODIR {repoDir} is a file, not a folder", log);
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Contains("rejected: this host cannot act on the checkout: REPODIR is a file, not a folder", log);
            Assert.Equal(
                (System.Net.HttpStatusCode.ServiceUnavailable, $"REPODIR {repoDir} is a file, not a folder"),
                (health.StatusCode, healthJson.RootElement.GetProperty("checks").GetProperty("repodir").GetProperty("description").GetString()));
            Assert.DoesNotContain("does not exist", checkErrors + log);
        }
    }

    [Fact]
    public async Task A_check_program_that_is_missing_is_an_error_at_start_and_the_service_still_serves()
    {
        var environment = Environment(new StubPython(git.Root), new() { ["PUBLISH"] = """{"*": "atomic"}""", ["VERIFY_COMMAND"] = """["check-not-installed"]""", ["PATH"] = "/usr/bin:/bin" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        using (var client = new HttpClient())
            Assert.Contains("queue_length", await client.GetStringAsync(url + "/queue"));
        await Terminate(process);

        Assert.Contains(
            "[ERR] gitreload: Configuration problem: VERIFY_COMMAND: 'check-not-installed' is not found on PATH (/usr/bin:/bin): every atomic update will fail its check and publish nothing",
            await errors);
    }

    [Fact]
    public async Task Repository_secrets_without_a_shared_secret_are_warned_about_at_start()
    {
        var environment = Environment(new StubPython(git.Root), new() { ["HOOK_SECRET"] = null, ["REPO_SECRETS"] = """{"course": "its-own"}""", ["LOG_LEVEL"] = "warning" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (_, errors) = await Started(process);
        await Terminate(process);

        Assert.Contains("[WRN] gitreload: Configuration warning: HOOK_SECRET is not set, so only the repositories in REPO_SECRETS need a signature: hooks for any other repository are accepted unsigned", await errors);
    }

    [Fact]
    public async Task A_checkout_PUBLISH_names_that_does_not_exist_is_warned_about_at_start()
    {
        git.Clone("grader");
        var environment = Environment(new StubPython(git.Root), new() { ["PUBLISH"] = """{"gradr": "atomic"}""", ["LOG_LEVEL"] = "warning" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (_, errors) = await Started(process);
        await Terminate(process);

        Assert.Contains(
            $"[WRN] gitreload: Configuration warning: PUBLISH names gradr, but there is no checkout {Path.Combine(git.RepoDir, "gradr")}: the entry applies to nothing; did you mean grader?",
            await errors);
    }

    [Fact]
    public async Task Jobs_left_by_a_killed_run_are_logged_as_resumed()
    {
        git.Clone("course");
        var release = Path.Combine(git.Root, "release");
        var python = new StubPython(git.Root, waitForFile: release);
        var environment = Environment(python, new() { ["HOOK_SECRET"] = null, ["SHUTDOWN_GRACE_SECONDS"] = "0.5" });
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

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task What_ssh_writes_to_stderr_is_logged_with_a_timestamp_in_the_log_format(string format)
    {
        // GitReload's ssh transport runs core.sshCommand and reads its stderr; this one says what a rejected key makes ssh say.
        var checkout = git.Clone("course");
        var ssh = Path.Combine(git.Root, "ssh-that-is-refused");
        File.WriteAllText(ssh, "#!/bin/sh\necho 'git@127.0.0.1: Permission denied (publickey).' >&2\nexit 255\n");
        File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TempGit.Run(checkout, "config", "core.sshCommand", ssh);
        TempGit.Run(checkout, "remote", "set-url", "origin", "ssh://git@127.0.0.1/srv/course.git");

        var environment = Environment(new StubPython(git.Root), new() { ["HOOK_SECRET"] = null, ["LOG_FORMAT"] = format, ["LOG_LEVEL"] = "warning", ["MAX_ATTEMPTS"] = "1" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(Some.PushTo("course"), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-GitHub-Event", "push");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
            await RunningHost.WaitFor(async () => (await client.GetStringAsync("/jobs?status=failed")).Contains("course", StringComparison.Ordinal), Patience);
        }
        await Terminate(process);

        var console = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(console, File.ReadAllLines(LogFile));
        if (format == "text")
        {
            Assert.Contains(console, l => System.Text.RegularExpressions.Regex.IsMatch(
                l, @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d \[WRN\] ssh: git@127\.0\.0\.1: Permission denied \(publickey\)\.$"));
        }
        else
        {
            var said = console.Select(l => JsonDocument.Parse(l).RootElement)
                .Single(e => e.GetProperty("Properties").GetProperty("SourceContext").GetString() == "ssh");
            Assert.Equal("git@127.0.0.1: Permission denied (publickey).", said.GetProperty("RenderedMessage").GetString());
            Assert.True(said.TryGetProperty("Timestamp", out _));
        }
    }

    [Fact]
    public async Task Hooks_jobs_and_retries_are_logged_as_sentences_not_type_names()
    {
        var course = git.Clone("course");
        var grader = git.Clone("grader");
        var newSha = git.Commit("grader", "grader.py", "print(1)\n");
        // The grader's origin refuses the connection the first time (ssh exits 255): a transient failure, tried again.
        var ssh = Path.Combine(git.Root, "ssh-refused-once");
        var tried = Path.Combine(git.Root, "tried");
        File.WriteAllText(ssh, $$"""
            #!/bin/sh
            if [ ! -e '{{tried}}' ]; then touch '{{tried}}'; echo 'ssh: connect to host 127.0.0.1 port 22: Connection refused' >&2; exit 255; fi
            exec git-upload-pack '{{git.OriginOf("grader")}}'
            """);
        File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        TempGit.Run(grader, "config", "core.sshCommand", ssh);
        TempGit.Run(grader, "remote", "set-url", "origin", "ssh://git@127.0.0.1/srv/grader.git");
        var before = TempGit.Head(grader);

        var environment = Environment(new StubPython(git.Root, say: "Imported course-v1:MITx+6.002x+2026 from master"),
            new() { ["HOOK_SECRET"] = null, ["MAX_ATTEMPTS"] = "2" });
        using var process = GitReloadProcess.Start(git.Root, environment, "--port", "0");
        var (url, errors) = await Started(process);
        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            async Task Push(string route, string body, string delivery)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-GitHub-Event", "push");
                request.Headers.Add("X-GitHub-Delivery", delivery);
                await client.SendAsync(request);
            }
            await Push("/update", Some.PushTo("course").Replace("refs/heads/master", "refs/heads/other", StringComparison.Ordinal), "d-branch");
            await Push("/update", Some.PushTo("course").Replace("refs/heads/master", "master", StringComparison.Ordinal), "d-short");
            await Push("/update", Some.PushTo("no-such-checkout"), "d-missing");
            await Push("/", Some.PushTo("course"), "d-import");
            await Push("/update", Some.PushTo("grader"), "d-update");
            await RunningHost.WaitFor(async () =>
            {
                using var jobs = JsonDocument.Parse(await client.GetStringAsync("/jobs?status=succeeded"));
                return jobs.RootElement.GetProperty("jobs").GetArrayLength() == 2;
            }, Patience);
        }
        await Terminate(process);

        var log = await errors;
        Assert.Contains("Delivery d-branch from GitHub for course: pushed refs/heads/other, but the checkout is on master: ignored", log);
        Assert.Contains("Delivery d-short from GitHub for course: pushed master (no branch: a branch is pushed as refs/heads/NAME), but the checkout is on master: ignored", log);
        Assert.Contains("Delivery d-missing from GitHub for no-such-checkout rejected: this host cannot act on the checkout: there is no git checkout of that name in REPODIR", log);
        Assert.Contains("Delivery d-import from GitHub for course: queued as job 1 (course import); ", log);
        Assert.Contains("Job 1: course import of course (branch master) succeeded in ", log);
        Assert.Contains("; it said: Imported course-v1:MITx+6.002x+2026 from master", log);
        Assert.Matches(@"\[WRN\] [^\n]*: Update of grader \(branch master\): try 1 of 2 failed: [^\n]*origin could not be reached over SSH[^\n]*; trying again in \d+(\.\d)? s", log);
        Assert.Contains($"Job 2: update of grader (branch master) moved it from {before[..7]} to {newSha[..7]} in ", log);
        foreach (var typeName in new[] { "GetLatest", "CourseImport", "BranchMismatch", "NotACheckout", "ServerProblem", "merged=", "- -> -", "\"GitHub\"" })
            Assert.DoesNotContain(typeName, log);
    }
}
