using GitReload.Host.Configuration;
using GitReload.Adapters.Reporting;
using LanguageExt;
using Serilog.Events;

namespace GitReload.Host.Tests;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string cwd = Directory.CreateTempSubdirectory("gitreload-cwd-").FullName;
    private readonly string home = Directory.CreateTempSubdirectory("gitreload-home-").FullName;

    public void Dispose()
    {
        Directory.Delete(cwd, recursive: true);
        Directory.Delete(home, recursive: true);
    }

    private Either<ConfigRefusal, LoadedConfiguration> Load(string[]? flags = null, Dictionary<string, string?>? env = null) =>
        SettingsLoader.Load(flags ?? [], env ?? [], cwd, home);

    private GitReloadSettings Settings(string[]? flags = null, Dictionary<string, string?>? env = null) =>
        Load(flags, env).Match(l => l.Settings, refusal => throw new Xunit.Sdk.XunitException(string.Join("; ", refusal.Problems)));

    private Seq<string> Problems(string[]? flags = null, Dictionary<string, string?>? env = null) =>
        Load(flags, env).Match(l => throw new Xunit.Sdk.XunitException("loaded without problems"), refusal => refusal.Problems.Map(p => p.ToString()));

    [Fact]
    public void Without_any_configuration_the_original_defaults_apply()
    {
        var settings = Settings();
        Assert.Equal(
            ("127.0.0.1", 5000, "/mnt/data/repos", "/edx/app/edxapp/venvs/edxapp", "/edx/app/edxapp/edx-platform", "aws"),
            (settings.Host, settings.Port, settings.Core.RepoDir, settings.Core.VirtualEnv, settings.Core.EdxPlatform, settings.Core.DjangoSettings));
        Assert.Equal(("/edx/etc/lms.yml", "/edx/etc/revisions.yml"), (settings.Core.LmsCfg, settings.Core.RevisionCfg));
        Assert.Equal((TimeSpan.FromMinutes(60), 1, LogEventLevel.Warning), (settings.Core.ImportTimeout, settings.Core.NumThreads, settings.LogLevel));
        Assert.Equal(26214400, settings.Core.MaxPayloadBytes);
        Assert.Equal((3, TimeSpan.FromMinutes(5)), (settings.Core.MaxAttempts, settings.Core.GitTimeout));
    }

    [Fact]
    public void The_first_gr_env_json_found_is_read_and_the_environment_and_flags_override_it()
    {
        File.WriteAllText(Path.Combine(home, "gr.env.json"), """{"REPODIR": "/home-file", "NUM_THREADS": 2}""");
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"REPODIR": "/cwd-file", "NUM_THREADS": 3, "LOG_LEVEL": "info"}""");

        Assert.Equal(("/cwd-file", 3, LogEventLevel.Information), (Settings().Core.RepoDir, Settings().Core.NumThreads, Settings().LogLevel));
        var overridden = Settings(["--log-level", "debug"], new() { ["NUM_THREADS"] = "4", ["LOG_LEVEL"] = "ERROR" });
        Assert.Equal((4, LogEventLevel.Debug), (overridden.Core.NumThreads, overridden.LogLevel));
    }

    [Fact]
    public void Home_files_are_searched_in_order_after_the_working_directory()
    {
        File.WriteAllText(Path.Combine(home, ".gr.env.json"), """{"REPODIR": "/dot-file"}""");
        Assert.Equal("/dot-file", Settings().Core.RepoDir);
        File.WriteAllText(Path.Combine(home, "gr.env.json"), """{"REPODIR": "/plain-file"}""");
        Assert.Equal("/plain-file", Settings().Core.RepoDir);
    }

    [Fact]
    public void A_file_named_by_GITRELOAD_CONFIG_or_config_wins_over_the_search()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"REPODIR": "/searched"}""");
        var named = Path.Combine(home, "named.json");
        File.WriteAllText(named, """{"REPODIR": "/named"}""");

        Assert.Equal("/named", Settings(env: new() { ["GITRELOAD_CONFIG"] = named }).Core.RepoDir);
        Assert.Equal("/named", Settings(["--config", named]).Core.RepoDir);
    }

    [Fact]
    public void A_named_config_file_that_does_not_exist_stops_start_up()
    {
        Assert.Equal("--config: config file /no/such/file.json does not exist", Assert.Single(Problems(["--config", "/no/such/file.json"])));
        Assert.Equal("GITRELOAD_CONFIG: config file /no/such/file.json does not exist", Assert.Single(Problems(env: new() { ["GITRELOAD_CONFIG"] = "/no/such/file.json" })));
    }

    [Fact]
    public void A_config_file_that_is_not_json_is_named_in_the_error()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), "{\n  \"NUM_THREADS\": 2\n  REPODIR = nope");
        Assert.StartsWith($"{Path.Combine(cwd, "gr.env.json")}: the file is not valid JSON: line 3, column 3: ", Assert.Single(Problems()));
    }

    [Theory]
    [InlineData("NUM_THREADS", "0")]
    [InlineData("NUM_THREADS", "-2")]
    [InlineData("NUM_THREADS", "two")]
    [InlineData("LOG_LEVEL", "LOUD")]
    [InlineData("SUBPROCESS_TIMEOUT_MINUTES", "0")]
    [InlineData("MAX_PAYLOAD_BYTES", "-1")]
    [InlineData("MAX_ATTEMPTS", "0")]
    [InlineData("MAX_ATTEMPTS", "1.5")]
    [InlineData("GIT_TIMEOUT_SECONDS", "0")]
    [InlineData("GIT_TIMEOUT_SECONDS", "soon")]
    public void A_bad_value_in_the_file_names_the_file_and_the_key(string key, string value)
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, $$"""{"{{key}}": "{{value}}"}""");
        var problem = Assert.Single(Problems());
        Assert.StartsWith($"{file}: {key} must be", problem);
        Assert.EndsWith($"got '{value}'", problem);
    }

    [Theory]
    [InlineData("STATE_DIR", "5", "a string", "a number")]
    [InlineData("LOG_FILE_PATH", "true", "a string", "true/false")]
    [InlineData("REPODIR", "[\"/srv\"]", "a string", "an array")]
    [InlineData("NUM_THREADS", "{}", "a number", "an object")]
    [InlineData("IMPORT_COMMAND", "5", "a JSON array of strings", "a number")]
    [InlineData("REPO_SECRETS", "[]", "a JSON object", "an array")]
    public void A_value_of_the_wrong_json_type_in_the_file_is_a_problem_naming_the_file_and_the_key(string key, string json, string expected, string got)
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, $$"""{"{{key}}": {{json}}}""");
        Assert.Contains($"{file}: {key} must be {expected}, got {got}", Problems());
    }

    [Fact]
    public void Numbers_may_be_json_numbers_or_strings_and_lists_and_maps_may_be_json_text()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """
            {"NUM_THREADS": 2, "MAX_ATTEMPTS": "4", "IMPORT_COMMAND": "[\"echo\"]", "REPO_SECRETS": "{\"a\": \"s\"}", "LOG_FILE_PATH": null}
            """);
        var loaded = Load().Match(l => l, refusal => throw new Xunit.Sdk.XunitException(string.Join("; ", refusal.Problems)));
        Assert.Equal((2, 4), (loaded.Settings.Core.NumThreads, loaded.Settings.Core.MaxAttempts));
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void An_unknown_key_in_the_file_is_a_warning_that_names_the_nearest_known_key()
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, """{"REPODIRR": "/srv/repos", "LOGLEVEL": "INFO", "COLOUR": "blue"}""");
        var loaded = Load().Match(l => l, refusal => throw new Xunit.Sdk.XunitException(string.Join("; ", refusal.Problems)));
        Assert.Equal(
            [
                $"{file}: unknown key REPODIRR is ignored; did you mean REPODIR?",
                $"{file}: unknown key LOGLEVEL is ignored; did you mean LOG_LEVEL?",
                $"{file}: unknown key COLOUR is ignored",
            ],
            loaded.Warnings.ToArray());
        Assert.Equal("/mnt/data/repos", loaded.Settings.Core.RepoDir);
    }

    [Fact]
    public void Keys_in_the_file_are_read_ignoring_case_as_in_the_environment()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"repodir": "/srv/repos", "Num_Threads": 3}""");
        var loaded = Load().Match(l => l, refusal => throw new Xunit.Sdk.XunitException(string.Join("; ", refusal.Problems)));
        Assert.Equal(("/srv/repos", 3), (loaded.Settings.Core.RepoDir, loaded.Settings.Core.NumThreads));
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void A_key_given_twice_in_two_spellings_is_one_problem_naming_both()
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, """{"REPODIR": "/srv/repos", "repodir": "/srv/other"}""");
        Assert.Equal($"{file}: REPODIR and repodir name the same key (keys are read ignoring case); keep one", Assert.Single(Problems()));
    }

    [Fact]
    public void A_refused_configuration_still_carries_the_file_s_warnings()
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, """{"REPODIRR": "/srv/repos", "STATE_DIR": 5}""");
        var refusal = Load().Match(_ => throw new Xunit.Sdk.XunitException("loaded"), r => r);
        var problem = Assert.Single(refusal.Problems);
        Assert.Equal(("STATE_DIR", file, $"{file}: STATE_DIR must be a string, got a number"), (problem.Key, problem.Source, problem.ToString()));
        Assert.Equal([$"{file}: unknown key REPODIRR is ignored; did you mean REPODIR?"], refusal.Warnings.ToArray());
    }

    [Fact]
    public void A_bad_value_in_the_environment_says_it_came_from_the_environment() =>
        Assert.StartsWith("environment: NUM_THREADS", Assert.Single(Problems(env: new() { ["NUM_THREADS"] = "0" })));

    [Fact]
    public void Every_problem_is_reported_at_once() =>
        Assert.Equal(3, Problems(["--port", "99999"], new() { ["NUM_THREADS"] = "0", ["LOG_LEVEL"] = "x" }).Count);

    [Fact]
    public void Every_problem_is_reported_in_the_order_of_the_keys_whatever_rule_finds_it() =>
        Assert.Equal(
            [
                "command line: --port must be a port number (0-65535), got '99999'",
                "environment: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'x'",
                "environment: LOG_FORMAT must be text or json, got 'xml'",
                "environment: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)",
                "environment: REPODIR must be a folder path, got ' '",
                "environment: NUM_THREADS must be a positive whole number, got '0'",
                "environment: SUBPROCESS_TIMEOUT_MINUTES must be a positive number of minutes, got '0'",
                "environment: MAX_PAYLOAD_BYTES must be a positive number of bytes, got '0'",
                "environment: MAX_ATTEMPTS must be a positive whole number, got '0'",
                "environment: GIT_TIMEOUT_SECONDS must be a positive number of seconds, got '0'",
                "environment: IMPORT_COMMAND must be a JSON array of non-empty strings",
                "environment: VERIFY_COMMAND must be a JSON array of non-empty strings",
                "environment: PUBLISH gives a 'sideways'; the mode is in-place or atomic",
                "environment: PUBLISH_KEEP must be a positive whole number, got '0'",
                "environment: REPO_SECRETS must map repository names to a secret or a list of secrets",
                "environment: ADMIN_TOKEN is only spaces; give the secret, or leave it out",
                "environment: GITHUB_TOKEN is only spaces; give the secret, or leave it out",
                "environment: MAX_FINISHED_JOBS_PER_REPO must be a positive whole number, got '0'",
                "environment: SHUTDOWN_GRACE_SECONDS must be a number of seconds, 0 or more, got '-1'",
                "environment: NOTIFY_ON must be failed or all, got 'never'",
                "environment: GITEA_TOKEN is set but GITEA_API_URL is not; set it to the API's base URL",
                "environment: NOTIFY_WEBHOOK_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)",
                "environment: POLL must be a JSON object mapping checkout names (or \"*\") to update or import",
                "environment: POLL_CONCURRENCY must be a positive whole number, got '0'",
                "environment: JOURNAL_URL must be postgresql://user:password@host:port/database or an Npgsql key=value string (it is a URL of another kind)",
                "environment: HOST_ID must be 1 to 253 printable characters without spaces, got 'two words'",
            ],
            Problems(["--port", "99999"], new()
            {
                ["HOST_ID"] = "two words", ["JOURNAL_URL"] = "mysql://x", ["POLL_CONCURRENCY"] = "0", ["POLL"] = "[]", ["NOTIFY_WEBHOOK_URL"] = "chat",
                ["GITEA_TOKEN"] = "t", ["NOTIFY_ON"] = "never", ["SHUTDOWN_GRACE_SECONDS"] = "-1", ["MAX_FINISHED_JOBS_PER_REPO"] = "0",
                ["GITHUB_TOKEN"] = " ", ["ADMIN_TOKEN"] = " ", ["REPO_SECRETS"] = "[]", ["PUBLISH_KEEP"] = "0",
                ["PUBLISH"] = "{\"a\": \"sideways\"}", ["VERIFY_COMMAND"] = "[]", ["IMPORT_COMMAND"] = "x", ["GIT_TIMEOUT_SECONDS"] = "0",
                ["MAX_ATTEMPTS"] = "0", ["MAX_PAYLOAD_BYTES"] = "0", ["SUBPROCESS_TIMEOUT_MINUTES"] = "0", ["NUM_THREADS"] = "0", ["REPODIR"] = " ",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector", ["LOG_FORMAT"] = "xml", ["LOG_LEVEL"] = "x", ["STATE_DIR"] = "",
            }).ToArray());

    [Fact]
    public void Retries_and_the_git_step_limit_are_read_and_the_limit_may_have_decimals()
    {
        var settings = Settings(env: new() { ["MAX_ATTEMPTS"] = "5", ["GIT_TIMEOUT_SECONDS"] = "1.5" });
        Assert.Equal((5, TimeSpan.FromMilliseconds(1500)), (settings.Core.MaxAttempts, settings.Core.GitTimeout));
    }

    [Fact]
    public void A_decimal_timeout_is_minutes() =>
        Assert.Equal(TimeSpan.FromSeconds(3), Settings(env: new() { ["SUBPROCESS_TIMEOUT_MINUTES"] = "0.05" }).Core.ImportTimeout);

    [Fact]
    public void Log_level_names_are_read_in_any_case()
    {
        Assert.Equal(LogEventLevel.Fatal, Settings(env: new() { ["LOG_LEVEL"] = "critical" }).LogLevel);
        Assert.Equal(LogEventLevel.Debug, Settings(env: new() { ["LOG_LEVEL"] = "Debug" }).LogLevel);
    }

    [Theory]
    [InlineData("warn", LogEventLevel.Warning)]
    [InlineData("FATAL", LogEventLevel.Fatal)]
    [InlineData("NotSet", LogEventLevel.Verbose)]
    public void Log_level_names_that_python_s_logging_also_takes_are_read_as_it_reads_them(string name, LogEventLevel level)
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), $$"""{"LOG_LEVEL": "{{name}}"}""");
        Assert.Equal(level, Settings().LogLevel);
    }

    [Fact]
    public void An_import_command_is_an_array_in_the_file_and_a_json_string_in_the_environment()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"IMPORT_COMMAND": ["tutor", "local", "run", "{repo_url}"]}""");
        Assert.Equal(new[] { "tutor", "local", "run", "{repo_url}" }, Settings().Core.ImportCommand.Map(c => c.ToArray()).IfNone([]));

        var fromEnv = Settings(env: new() { ["IMPORT_COMMAND"] = """["echo", "{repo_dir}"]""" });
        Assert.Equal(new[] { "echo", "{repo_dir}" }, fromEnv.Core.ImportCommand.Map(c => c.ToArray()).IfNone([]));
    }

    [Fact]
    public void An_import_command_that_is_not_an_array_of_strings_is_refused() =>
        Assert.Contains("IMPORT_COMMAND must be a JSON array", Assert.Single(Problems(env: new() { ["IMPORT_COMMAND"] = "tutor local" })));

    [Fact]
    public void Publish_is_an_object_in_the_file_and_a_json_string_in_the_environment_and_in_place_by_default()
    {
        var defaults = Settings();
        Assert.Equal(("{\"*\": \"in-place\"}", 2, false), (defaults.Core.Publish.ToString(), defaults.Core.PublishKeep, defaults.Core.VerifyCommand.IsSome));

        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"PUBLISH": {"*": "atomic", "legacy": "in-place"}, "PUBLISH_KEEP": 5, "VERIFY_COMMAND": ["./check", "{repo_dir}"]}""");
        var fromFile = Settings();
        Assert.Equal("{\"legacy\": \"in-place\", \"*\": \"atomic\"}", fromFile.Core.Publish.ToString());
        Assert.Equal(5, fromFile.Core.PublishKeep);
        Assert.Equal(["./check", "{repo_dir}"], fromFile.Core.VerifyCommand.Map(c => c.ToArray()).IfNone([]));

        var fromEnv = Settings(env: new() { ["PUBLISH"] = """{"grader": "ATOMIC"}""", ["PUBLISH_KEEP"] = "1" });
        Assert.Equal(("{\"grader\": \"atomic\", \"*\": \"in-place\"}", 1), (fromEnv.Core.Publish.ToString(), fromEnv.Core.PublishKeep));
    }

    [Fact]
    public void A_publish_mode_or_name_that_is_not_one_and_a_keep_below_one_are_refused_naming_the_key()
    {
        var problems = Problems(env: new() { ["PUBLISH"] = """{"grader": "symlink", "../up": "atomic"}""", ["PUBLISH_KEEP"] = "0", ["VERIFY_COMMAND"] = "make check" });
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("PUBLISH gives grader 'symlink'; the mode is in-place or atomic", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PUBLISH names '../up', which is neither a checkout name nor \"*\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PUBLISH_KEEP", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("VERIFY_COMMAND must be a JSON array", StringComparison.Ordinal));
        Assert.Contains("PUBLISH must map checkout names", Assert.Single(Problems(env: new() { ["PUBLISH"] = "atomic" })));
    }

    [Fact]
    public void Host_and_port_come_from_the_flags_only()
    {
        var settings = Settings(["--host", "0.0.0.0", "--port=8080"], new() { ["HOST"] = "evil", ["PORT"] = "1" });
        Assert.Equal(("0.0.0.0", 8080), (settings.Host, settings.Port));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("[::1]", "::1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("LocalHost", "localhost")]
    public void The_host_may_be_an_ip_address_or_localhost(string flag, string host) =>
        Assert.Equal(host, Settings(["--host", flag]).Host);

    [Theory]
    [InlineData("hooks.example.edu")]
    [InlineData("127.0.0.l")]
    [InlineData("*")]
    [InlineData("127.1")]
    [InlineData("[::1]:80")]
    [InlineData("")]
    public void A_host_that_is_not_an_ip_address_or_localhost_is_a_problem_as_kestrel_would_listen_on_every_interface(string flag) =>
        Assert.Equal(
            $"command line: --host must be an IP address or localhost, got '{flag}': a host name would make the server listen on every interface (0.0.0.0 or :: asks for that)",
            Assert.Single(Problems(["--host", flag])));

    [Fact]
    public void Localhost_with_a_port_picked_at_start_is_a_problem() =>
        Assert.StartsWith("command line: --host localhost cannot take --port 0 ", Assert.Single(Problems(["--host", "localhost", "--port", "0"])));

    [Fact]
    public void Repository_secrets_are_an_object_in_the_file_and_a_json_string_in_the_environment()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"HOOK_SECRET": "shared", "REPO_SECRETS": {"course": "one", "grader": ["new", "old"]}}""");
        var fromFile = Settings();
        Assert.Equal("shared", fromFile.Core.HookSecret.IfNone(""));
        Assert.Equal(new[] { "new", "old" }, fromFile.Core.RepoSecrets["grader"].ToArray());
        Assert.Equal(new[] { "one" }, fromFile.Core.RepoSecrets["course"].ToArray());

        var fromEnv = Settings(env: new() { ["REPO_SECRETS"] = """{"other": ["x"]}""" });
        Assert.Equal(new[] { "other" }, fromEnv.Core.RepoSecrets.Keys.ToArray());
    }

    [Theory]
    [InlineData("""{"course": 3}""")]
    [InlineData("""{"course": []}""")]
    [InlineData("""{"course": [""]}""")]
    [InlineData("""["course"]""")]
    [InlineData("not json")]
    public void Repository_secrets_of_the_wrong_shape_are_refused(string value) =>
        Assert.Contains("REPO_SECRETS must map repository names", Assert.Single(Problems(env: new() { ["REPO_SECRETS"] = value })));

    [Theory]
    [InlineData("true", "true/false")]
    [InlineData("5", "a number")]
    [InlineData("null", "null")]
    [InlineData("""{"key": "s"}""", "an object")]
    [InlineData("""["new", 5]""", "a list holding a number")]
    public void A_repository_secret_of_the_wrong_json_type_in_the_file_is_a_problem_naming_the_repository(string json, string got)
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, $$$"""{"HOOK_SECRET": "shared", "REPO_SECRETS": {"course": "one", "Hello-World": {{{json}}}}}""");
        Assert.Equal($"{file}: REPO_SECRETS must map repository names to a secret or a list of secrets; for the repository 'Hello-World' it gives {got}", Assert.Single(Problems()));
    }

    [Theory]
    [InlineData("""{"Hello-World": null}""", "null")]
    [InlineData("""{"Hello-World": true}""", "true/false")]
    [InlineData("""{"Hello-World": ""}""", "an empty secret")]
    public void A_repository_secret_of_the_wrong_json_type_in_the_environment_is_a_problem_naming_the_repository(string value, string got) =>
        Assert.Equal(
            $"environment: REPO_SECRETS must map repository names to a secret or a list of secrets; for the repository 'Hello-World' it gives {got}",
            Assert.Single(Problems(env: new() { ["REPO_SECRETS"] = value })));

    [Fact]
    public void An_import_command_holding_a_number_in_the_file_is_refused()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"IMPORT_COMMAND": ["sleep", 5]}""");
        Assert.EndsWith("IMPORT_COMMAND must be a JSON array of non-empty strings", Assert.Single(Problems()));
    }

    [Fact]
    public void The_journal_lives_in_the_xdg_state_folder_else_under_the_home_folder()
    {
        Assert.Equal(Path.Combine(home, ".local", "state", "gitreload"), Settings().Core.StateDir.IfNone(""));
        Assert.Equal("/xdg/gitreload", Settings(env: new() { ["XDG_STATE_HOME"] = "/xdg" }).Core.StateDir.IfNone(""));
        Assert.Equal("/srv/state", Settings(env: new() { ["XDG_STATE_HOME"] = "/xdg", ["STATE_DIR"] = "/srv/state" }).Core.StateDir.IfNone(""));
    }

    [Fact]
    public void History_bound_and_grace_period_have_defaults_and_can_be_set()
    {
        Assert.Equal((1000, TimeSpan.FromSeconds(30)), (Settings().Core.MaxFinishedJobsPerRepo, Settings().Core.ShutdownGrace));
        var set = Settings(env: new() { ["MAX_FINISHED_JOBS_PER_REPO"] = "5", ["SHUTDOWN_GRACE_SECONDS"] = "2.5" });
        Assert.Equal((5, TimeSpan.FromSeconds(2.5)), (set.Core.MaxFinishedJobsPerRepo, set.Core.ShutdownGrace));
    }

    [Theory]
    [InlineData("MAX_FINISHED_JOBS_PER_REPO", "0", "environment: MAX_FINISHED_JOBS_PER_REPO must be a positive whole number, got '0'")]
    [InlineData("SHUTDOWN_GRACE_SECONDS", "-1", "environment: SHUTDOWN_GRACE_SECONDS must be a number of seconds, 0 or more, got '-1'")]
    [InlineData("STATE_DIR", " ", "environment: STATE_DIR must be a folder path, got ''")]
    public void A_bad_journal_or_shutdown_value_is_refused_naming_its_source(string key, string value, string problem) =>
        Assert.Equal(problem, Assert.Single(Problems(env: new() { [key] = value })));

    [Fact]
    public void Reporting_is_off_unless_a_token_or_a_notification_url_is_set()
    {
        Assert.False(Settings().Core.Reporting.Any);
    }

    [Fact]
    public void Forge_tokens_public_url_and_notifications_are_read_with_their_choices()
    {
        var reporting = Settings(env: new()
        {
            ["GITHUB_TOKEN"] = "ghp", ["GITHUB_API_URL"] = "https://github.example.edu/api/v3",
            ["GITEA_TOKEN"] = "tea", ["GITEA_API_URL"] = "https://gitea.example.edu/api/v1",
            ["PUBLIC_URL"] = "https://reload.example.edu", ["NOTIFY_WEBHOOK_URL"] = "https://chat.example.edu/h", ["NOTIFY_ON"] = "ALL", ["NOTIFY_FORMAT"] = "teams",
        }).Core.Reporting;

        Assert.Equal("https://github.example.edu/api/v3", reporting.GitHub.Bind(g => g.ApiUrl).Map(u => u.ToString()).IfNone(""));
        Assert.Equal("tea", reporting.Gitea.Map(g => g.Token).IfNone(""));
        Assert.True(reporting.GitLab.IsNone);
        Assert.Equal(Option<string>.Some("https://reload.example.edu/jobs/7"), reporting.JobUrl(new Domain.Jobs.JobId(7)));
        Assert.Equal((NotifyOn.All, NotifyFormat.Teams), reporting.Notify.Map(n => (n.On, n.Format)).IfNone((NotifyOn.Failed, NotifyFormat.Json)));
    }

    [Fact]
    public void Bad_reporting_values_are_problems_that_name_their_source()
    {
        var problems = Problems(env: new()
        {
            ["GITLAB_TOKEN"] = "glpat", ["GITHUB_API_URL"] = "github.example.edu", ["NOTIFY_WEBHOOK_URL"] = "https://chat.example.edu/h", ["NOTIFY_FORMAT"] = "discord",
        });

        Assert.Equal(
            [
                "environment: NOTIFY_FORMAT must be json, slack or teams, got 'discord'",
                "environment: GITHUB_API_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)",
                "environment: GITLAB_TOKEN is set but GITLAB_API_URL is not; set it to the API's base URL",
            ],
            problems.ToArray());
    }

    [Fact]
    public void The_example_configuration_file_loads_as_it_is()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "gr.env.json.example");
        File.Copy(example, Path.Combine(cwd, "gr.env.json"));

        var loaded = Load().Match(l => l, refusal => throw new Xunit.Sdk.XunitException(string.Join("; ", refusal.Problems)));
        var settings = loaded.Settings;

        Assert.Equal(("/mnt/data/repos", 2, "/var/lib/gitreload"), (settings.Core.RepoDir, settings.Core.NumThreads, settings.Core.StateDir.IfNone("")));
        Assert.Empty(settings.Core.RepoSecrets);
        Assert.Empty(loaded.Warnings);
        Assert.Equal(TimeSpan.Zero, settings.Core.Poll.Interval);
    }

    [Fact]
    public void The_example_configuration_file_shows_the_atomic_publish_keys_unset()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "gr.env.json.example");
        File.Copy(example, Path.Combine(cwd, "gr.env.json"));

        var settings = Settings();

        Assert.All(["\"PUBLISH\"", "\"PUBLISH_KEEP\"", "\"VERIFY_COMMAND\""], key => Assert.Contains(key, File.ReadAllText(example)));
        Assert.Equal((false, true), (settings.Core.Publish.AnyAtomic, settings.Core.VerifyCommand.IsNone));
    }

    [Fact]
    public void An_empty_list_or_object_in_the_file_means_unset()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"IMPORT_COMMAND": [], "REPO_SECRETS": {}}""");
        var settings = Settings();
        Assert.True(settings.Core.ImportCommand.IsNone);
        Assert.Empty(settings.Core.RepoSecrets);
    }

    [Fact]
    public void A_repository_named_twice_in_the_environment_secrets_is_a_problem_not_a_crash() =>
        Assert.Equal(
            "environment: REPO_SECRETS names course twice; list its secrets once, as [\"new\", \"old\"] during a rotation",
            Assert.Single(Problems(env: new() { ["REPO_SECRETS"] = """{"course": "one", "other": "x", "course": "two"}""" })));

    [Fact]
    public void A_repository_named_twice_in_the_file_secrets_is_a_problem_naming_the_file()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"REPO_SECRETS": {"course": "one", "course": "two"}}""");
        var problem = Assert.Single(Problems());
        Assert.StartsWith(Path.Combine(cwd, "gr.env.json"), problem);
        Assert.Contains("course", problem);
    }

    [Theory]
    [InlineData("HOOK_SECRET")]
    [InlineData("ADMIN_TOKEN")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("GITEA_TOKEN")]
    [InlineData("GITLAB_TOKEN")]
    public void A_secret_of_only_spaces_is_a_problem_not_an_unset_secret(string key) =>
        Assert.Contains($"environment: {key} is only spaces; give the secret, or leave it out", Problems(env: new() { [key] = "   " }));

    [Fact]
    public void A_repository_secret_of_only_spaces_is_a_problem() =>
        Assert.Equal(
            "environment: REPO_SECRETS gives the repository 'grader' a secret of only spaces",
            Assert.Single(Problems(env: new() { ["REPO_SECRETS"] = """{"course": "one", "grader": ["new", "  "]}""" })));

    [Fact]
    public void An_empty_repository_secret_is_a_problem_that_names_the_repository_as_one() =>
        Assert.Equal(
            "environment: REPO_SECRETS must map repository names to a secret or a list of secrets; for the repository 'a' it gives an empty secret",
            Assert.Single(Problems(env: new() { ["REPO_SECRETS"] = """{"a": ""}""" })));

    [Fact]
    public void An_empty_admin_token_is_unset() =>
        Assert.True(Settings(env: new() { ["ADMIN_TOKEN"] = "" }).Core.AdminToken.IsNone);

    [Fact]
    public void An_empty_hook_secret_in_the_environment_over_the_file_s_secret_is_a_problem_not_unsigned_hooks()
    {
        File.WriteAllText(Path.Combine(cwd, "gr.env.json"), """{"HOOK_SECRET": "from-the-file"}""");
        Assert.Equal(
            "environment: HOOK_SECRET is set but empty; give the secret, or unset HOOK_SECRET (leave it out) if deliveries are to need no signature on purpose",
            Assert.Single(Problems(env: new() { ["HOOK_SECRET"] = "" })));
    }

    [Fact]
    public void An_empty_hook_secret_in_the_file_is_a_problem_naming_the_file()
    {
        var file = Path.Combine(cwd, "gr.env.json");
        File.WriteAllText(file, """{"HOOK_SECRET": ""}""");
        Assert.StartsWith($"{file}: HOOK_SECRET is set but empty;", Assert.Single(Problems()));
    }
}
