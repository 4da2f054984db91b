using System.Diagnostics;

namespace GitReload.Host.Tests;

public sealed class GitReloadCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Serving_answers_the_queue_and_a_sigterm_stops_it_cleanly()
    {
        Directory.CreateDirectory(Path.Combine(folder, "repos"));
        using var process = GitReloadProcess.Start(folder, new() { ["REPODIR"] = Path.Combine(folder, "repos") }, "--port", "0");
        var url = await GitReloadProcess.ListeningUrl(process);

        using var client = new HttpClient();
        Assert.Equal("{\"queue_length\":0,\"queue\":[]}", await client.GetStringAsync(url + "/queue"));

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_bad_configuration_stops_start_up_with_one_line_naming_the_file_and_key()
    {
        File.WriteAllText(Path.Combine(folder, "gr.env.json"), """{"NUM_THREADS": 0}""");
        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, []);

        Assert.NotEqual(0, exitCode);
        Assert.Equal($"gitreload: {Path.Combine(folder, "gr.env.json")}: NUM_THREADS must be a positive whole number, got '0'", errors.Trim());
    }

    [Fact]
    public async Task A_corrupt_journal_stops_start_up_with_one_line_naming_the_file()
    {
        var state = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        File.WriteAllText(Path.Combine(state, "journal.db"), string.Concat(Enumerable.Repeat("not a database ", 500)));

        var (exitCode, _, errors) = await GitReloadProcess.Run(
            folder, new() { ["STATE_DIR"] = state, ["REPODIR"] = folder, ["VIRTUAL_ENV"] = new StubPython(folder).VirtualEnv, ["EDX_PLATFORM"] = folder }, "--port", "0");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Trim().Split('\n'));
        Assert.StartsWith($"gitreload: job journal {Path.Combine(state, "journal.db")} ", line);
    }

    [Fact]
    public async Task Check_config_fails_on_an_empty_journal_file_without_opening_it()
    {
        var state = Directory.CreateDirectory(Path.Combine(folder, "state")).FullName;
        var journal = Path.Combine(state, "journal.db");
        File.WriteAllBytes(journal, []);

        var (exitCode, _, errors) = await GitReloadProcess.Run(
            folder, new() { ["STATE_DIR"] = state, ["REPODIR"] = folder, ["VIRTUAL_ENV"] = new StubPython(folder).VirtualEnv, ["EDX_PLATFORM"] = folder }, "check-config");

        Assert.Equal(1, exitCode);
        Assert.Equal($"problem: STATE_DIR: the job journal {journal} is empty (0 bytes), so the service will not start; move it away to start with an empty journal", errors.Trim());
        Assert.Equal(0, new FileInfo(journal).Length);
    }

    [Fact]
    public async Task Check_config_prints_the_effective_configuration_and_its_sources()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var python = new StubPython(folder);
        File.WriteAllText(Path.Combine(folder, "gr.env.json"), $$"""{"REPODIR": "{{repos}}", "VIRTUAL_ENV": "{{python.VirtualEnv}}", "EDX_PLATFORM": "{{folder}}"}""");

        var environment = new Dictionary<string, string> { ["NUM_THREADS"] = "3", ["HOOK_SECRET"] = "s3cr3t-value", ["REPO_SECRETS"] = """{"course": ["n3w-value", "0ld-value"]}""",
            ["GITHUB_TOKEN"] = "ghp-value", ["GITLAB_TOKEN"] = "glpat-value", ["GITLAB_API_URL"] = "https://gitlab.example.edu/api/v4",
            ["NOTIFY_WEBHOOK_URL"] = "https://chat.example.edu/hooks/value" };
        var (exitCode, output, errors) = await GitReloadProcess.Run(folder, environment, "check-config");

        Assert.Equal((0, ""), (exitCode, errors));
        Assert.Contains($"REPODIR = {repos}  ({Path.Combine(folder, "gr.env.json")})", output);
        Assert.Contains("NUM_THREADS = 3  (environment)", output);
        Assert.Contains("DJANGO_SETTINGS = aws  (default)", output);
        Assert.Contains("HOOK_SECRET = ***  (environment)", output);
        Assert.Contains("REPO_SECRETS = course: *** ***  (environment)", output);
        Assert.Contains("GITHUB_TOKEN = ***  (environment)", output);
        Assert.Contains("GITLAB_TOKEN = ***  (environment)", output);
        Assert.Contains("NOTIFY_WEBHOOK_URL = ***  (environment)", output);
        Assert.Contains("GITEA_TOKEN = (unset)  (default)", output);
        Assert.Contains("GITLAB_API_URL = https://gitlab.example.edu/api/v4  (environment)", output);
        Assert.DoesNotContain("value", output);
    }

    [Fact]
    public async Task An_empty_hook_secret_over_the_file_s_secret_stops_start_up_and_fails_check_config_instead_of_turning_signatures_off()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        File.WriteAllText(Path.Combine(folder, "gr.env.json"), $$"""{"REPODIR": "{{repos}}", "HOOK_SECRET": "from-the-file"}""");
        var environment = new Dictionary<string, string> { ["HOOK_SECRET"] = "", ["STATE_DIR"] = Path.Combine(folder, "state") };
        const string Problem = "environment: HOOK_SECRET is set but empty; give the secret, or unset HOOK_SECRET (leave it out) if deliveries are to need no signature on purpose";

        var (checkExit, checkOutput, checkErrors) = await GitReloadProcess.Run(folder, environment, "check-config");
        var (startExit, _, startErrors) = await GitReloadProcess.Run(folder, environment, "--port", "0");

        Assert.Equal((1, $"problem: {Problem}"), (checkExit, checkErrors.Trim()));
        Assert.DoesNotContain("need no signature)", checkOutput);
        Assert.Equal((2, $"gitreload: {Problem}"), (startExit, startErrors.Trim()));
    }

    [Theory]
    [InlineData("NOTIFY_WEBHOOK_URL", "hooks.slack.com/services/T000/B000/abcdSECRETxyz", "has no scheme: start it with https://")]
    [InlineData("GITHUB_API_URL", "ghp_abcdSECRETxyz", "has no scheme: start it with https://")]
    [InlineData("NOTIFY_WEBHOOK_URL", "ftp://user:abcdSECRETxyz@chat.example.edu/h", "has a scheme other than http or https")]
    [InlineData("PUBLIC_URL", "https://abcd SECRETxyz", "is not a URL (a space, or a character a URL cannot hold)")]
    [InlineData("NOTIFY_WEBHOOK_URL", "https://chat.example.edu/hooks/abcd SECRETxyz", "is not a URL (a space, or a character a URL cannot hold)")]
    [InlineData("GITHUB_API_URL", "https://github.example.edu/api/v3?t=abcd\tSECRETxyz", "is not a URL (a space, or a character a URL cannot hold)")]
    public async Task A_mistyped_url_is_a_problem_that_says_what_is_wrong_without_showing_the_value(string key, string value, string wrong)
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var environment = new Dictionary<string, string> { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state"), [key] = value };
        var problem = $"environment: {key} must be an http(s) URL, and the value given {wrong} (the value is not shown: it may hold a secret)";

        var (checkExit, checkOutput, checkErrors) = await GitReloadProcess.Run(folder, environment, "check-config");
        var (startExit, startOutput, startErrors) = await GitReloadProcess.Run(folder, environment, "--port", "0");

        Assert.Equal((1, $"problem: {problem}"), (checkExit, checkErrors.Trim()));
        Assert.Equal((2, $"gitreload: {problem}"), (startExit, startErrors.Trim()));
        Assert.DoesNotContain("SECRET", checkOutput + checkErrors + startOutput + startErrors);
    }

    [Theory]
    [InlineData("PUBLIC_URL", "https://u:hunter2@reload.example.edu/", "https://***@reload.example.edu/")]
    [InlineData("GITHUB_API_URL", "https://u:hunter2@github.example.edu/api/v3", "https://***@github.example.edu/api/v3")]
    [InlineData("GITEA_API_URL", "https://hunter2@gitea.example.edu/api/v1", "https://***@gitea.example.edu/api/v1")]
    [InlineData("GITLAB_API_URL", "https://u:hunter2@gitlab.example.edu/api/v4", "https://***@gitlab.example.edu/api/v4")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://u:hunter2@otel.example.edu:4318", "http://***@otel.example.edu:4318")]
    [InlineData("GITLAB_API_URL", "https://u:hunter2@gl.example.edu/api/v4?private_token=hunter2", "https://***@gl.example.edu/api/v4?***")]
    [InlineData("GITHUB_API_URL", "https://github.example.edu/api/v3?access_token=hunter2", "https://github.example.edu/api/v3?***")]
    public async Task Check_config_shows_a_url_setting_without_the_user_and_password_written_in_it(string key, string value, string shown)
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var environment = new Dictionary<string, string> { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state"), [key] = value };

        var (_, output, errors) = await GitReloadProcess.Run(folder, environment, "check-config");

        Assert.Contains($"{key} = {shown}  (environment)", output);
        Assert.DoesNotContain("hunter2", output + errors);
    }

    [Theory]
    [InlineData("warn", "warn (WARNING)")]
    [InlineData("fatal", "fatal (CRITICAL)")]
    [InlineData("notset", "notset (everything)")]
    [InlineData("critical", "critical")]
    [InlineData("INFO", "INFO")]
    [InlineData("Warning", "Warning")]
    [InlineData("DEBUG", "DEBUG")]
    public async Task Check_config_shows_the_log_level_as_written_and_the_level_it_maps_to_when_they_differ(string written, string shown)
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var environment = new Dictionary<string, string> { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state"), ["LOG_LEVEL"] = written };

        var (_, output, _) = await GitReloadProcess.Run(folder, environment, "check-config");

        Assert.Contains($"LOG_LEVEL = {shown}  (environment)", output.Split('\n'));
    }

    [Fact]
    public async Task Check_config_fails_when_the_checkouts_folder_is_missing()
    {
        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, new() { ["REPODIR"] = "/no/such/repos" }, "check-config");
        Assert.Equal(1, exitCode);
        Assert.Contains("problem: REPODIR /no/such/repos does not exist", errors);
    }

    [Fact]
    public async Task Check_config_only_warns_when_the_import_program_is_missing()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, new() { ["REPODIR"] = repos, ["VIRTUAL_ENV"] = "/no/venv", ["EDX_PLATFORM"] = "/no/edx-platform" }, "check-config");
        Assert.Equal(
            (0, "warning: VIRTUAL_ENV: /no/venv/bin/python does not exist: course imports will fail (updates still work)\n"
                + "warning: EDX_PLATFORM: /no/edx-platform does not exist: course imports will fail there (updates still work)"),
            (exitCode, errors.Trim()));
    }

    [Fact]
    public async Task Check_config_says_every_problem_and_warning_of_the_file_at_once()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var file = Path.Combine(folder, "gr.env.json");
        File.WriteAllText(file, $$"""{"REPODIR": "{{repos}}", "NUM_THREAD": 2, "STATE_DIR": 5}""");

        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, [], "check-config", "--config", file);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [$"problem: {file}: STATE_DIR must be a string, got a number", $"warning: {file}: unknown key NUM_THREAD is ignored; did you mean NUM_THREADS?"],
            errors.Trim().Split('\n'));

        File.WriteAllText(file, $$"""{"REPODIR": "{{repos}}", "NUM_THREAD": 2}""");
        (exitCode, var output, errors) = await GitReloadProcess.Run(folder, [], "check-config", "--config", file);
        Assert.Contains($"warning: {file}: unknown key NUM_THREAD is ignored; did you mean NUM_THREADS?", errors);
        Assert.Contains("NUM_THREADS = 1  (default)", output);
    }

    [Fact]
    public async Task Check_config_beside_a_running_service_finds_its_journal_held_and_says_so()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state"), ["VIRTUAL_ENV"] = new StubPython(folder).VirtualEnv, ["EDX_PLATFORM"] = folder,
        };
        using var serving = GitReloadProcess.Start(folder, environment, "--port", "0");
        try
        {
            await GitReloadProcess.ListeningUrl(serving);

            var (exitCode, output, errors) = await GitReloadProcess.Run(folder, environment, "check-config");

            Assert.Equal((0, ""), (exitCode, errors.Trim()));
            Assert.Contains("journal: SQLite in STATE_DIR, held by the GitReload running there", output);
        }
        finally
        {
            serving.Kill(entireProcessTree: true);
            await serving.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_port_already_in_use_stops_start_up_with_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString();
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;

        var (exitCode, _, errors) = await GitReloadProcess.Run(
            folder, new() { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state"), ["VIRTUAL_ENV"] = new StubPython(folder).VirtualEnv, ["EDX_PLATFORM"] = folder }, "--port", port);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"gitreload: cannot listen on 127.0.0.1:{port}:", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task A_host_name_fails_check_config_and_stops_start_up_instead_of_listening_on_every_interface()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var environment = new Dictionary<string, string> { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state") };
        const string Problem = "command line: --host must be an IP address or localhost, got 'hooks.example.edu': a host name would make the server listen on every interface (0.0.0.0 or :: asks for that)";

        var (checkExit, checkOutput, checkErrors) = await GitReloadProcess.Run(folder, environment, "check-config", "--host", "hooks.example.edu");
        var (startExit, startOutput, startErrors) = await GitReloadProcess.Run(folder, environment, "--host", "hooks.example.edu", "--port", "0");

        Assert.Equal((1, $"problem: {Problem}"), (checkExit, checkErrors.Trim()));
        Assert.DoesNotContain("listen:", checkOutput);
        Assert.Equal((2, $"gitreload: {Problem}", ""), (startExit, startErrors.Trim(), startOutput));
    }

    [Fact]
    public async Task Localhost_with_port_0_stops_start_up_with_one_line_and_no_stack_trace()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        var (exitCode, _, errors) = await GitReloadProcess.Run(
            folder, new() { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state") }, "--host", "localhost", "--port", "0");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("gitreload: command line: --host localhost cannot take --port 0 ", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_stops_start_up_with_one_line_and_no_stack_trace()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        // TEST-NET-1 (RFC 5737): documentation only, on no machine's interface.
        var (exitCode, _, errors) = await GitReloadProcess.Run(
            folder, new() { ["REPODIR"] = repos, ["STATE_DIR"] = Path.Combine(folder, "state") }, "--host", "192.0.2.1", "--port", "0");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("gitreload: cannot listen on 192.0.2.1:0: ", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.DoesNotContain("Unhandled exception", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task Kestrel_endpoints_in_the_environment_do_not_move_the_server_off_host_and_port()
    {
        var repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        using var elsewhere = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        elsewhere.Start();
        var other = ((System.Net.IPEndPoint)elsewhere.LocalEndpoint).Port;
        elsewhere.Stop();
        using var process = GitReloadProcess.Start(folder, new()
        {
            ["REPODIR"] = repos,
            ["STATE_DIR"] = Path.Combine(folder, "state"),
            ["Kestrel__Endpoints__Other__Url"] = $"http://0.0.0.0:{other}",
        }, "--host", "127.0.0.1", "--port", "0");
        try
        {
            var url = await GitReloadProcess.ListeningUrl(process);

            Assert.StartsWith("http://127.0.0.1:", url);
            Assert.DoesNotContain($":{other}", url);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{other}/healthz"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var (exitCode, output, _) = await GitReloadProcess.Run(folder, [], "--help");
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Usage: gitreload", output);
    }

    [Fact]
    public async Task An_unknown_flag_is_refused()
    {
        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, [], "--colour", "blue");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown argument '--colour'", errors);
    }

    [Fact]
    public async Task A_command_after_the_flags_is_refused_saying_it_goes_first()
    {
        var (exitCode, _, errors) = await GitReloadProcess.Run(folder, [], "--host", "127.0.0.1", "--port", "5000", "check-config");
        Assert.Equal(
            (2, "Unknown argument 'check-config': a command (check-config, fleet forget HOST) goes first: gitreload check-config --host 127.0.0.1 --port 5000"),
            (exitCode, errors.Trim()));
    }

}
