using GitReload.Tests.Shared;
using System.Text.RegularExpressions;

namespace GitReload.Host.Tests;

/// <summary><c>gitreload check-config</c> as an operator runs it, on what stops or cripples the service.</summary>
public sealed partial class PreflightTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-preflight-").FullName;
    private readonly string repos;

    public PreflightTests()
    {
        repos = Directory.CreateDirectory(Path.Combine(folder, "repos")).FullName;
        File.WriteAllText(Path.Combine(folder, "a-file"), "");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<(int ExitCode, string Output, string[] Findings)> CheckConfig(Dictionary<string, string> environment)
    {
        environment.TryAdd("REPODIR", repos);
        environment.TryAdd("VIRTUAL_ENV", new StubPython(folder).VirtualEnv);
        environment.TryAdd("EDX_PLATFORM", folder);
        var (exitCode, output, errors) = await GitReloadProcess.Run(folder, environment, "check-config");
        return (exitCode, output, errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_state_folder_that_cannot_be_created_is_a_problem()
    {
        var state = Path.Combine(folder, "a-file", "state");
        var (exitCode, _, findings) = await CheckConfig(new() { ["STATE_DIR"] = state });
        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"problem: STATE_DIR: {state} cannot be created: {Path.Combine(folder, "a-file")} is a file: the job journal cannot be kept there, so the service will not start",
            Assert.Single(findings));
    }

    [Fact]
    public async Task A_state_folder_where_no_file_can_be_written_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["STATE_DIR"] = "/proc/gitreload-state" });
        Assert.Equal(1, exitCode);
        Assert.StartsWith("problem: STATE_DIR: /proc/gitreload-state does not exist and cannot be created (cannot write in /proc: ", Assert.Single(findings));
    }

    [Fact]
    public async Task A_state_folder_that_does_not_exist_yet_but_can_be_created_is_fine_and_is_not_created()
    {
        var state = Path.Combine(folder, "var", "lib", "gitreload");
        var (exitCode, _, findings) = await CheckConfig(new() { ["STATE_DIR"] = state });
        Assert.Equal((0, 0), (exitCode, findings.Length));
        Assert.False(Directory.Exists(Path.Combine(folder, "var")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), e => Path.GetFileName(e).StartsWith(".gitreload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_log_file_whose_folder_cannot_be_written_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["LOG_FILE_PATH"] = Path.Combine(folder, "a-file", "gitreload.log") });
        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"problem: LOG_FILE_PATH: {Path.Combine(folder, "a-file")} is a file, not a folder: nothing will be logged to the file",
            Assert.Single(findings));
    }

    [Fact]
    public async Task A_log_file_that_is_a_folder_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["LOG_FILE_PATH"] = repos });
        Assert.Equal(1, exitCode);
        Assert.Equal($"problem: LOG_FILE_PATH: {repos} is a folder: nothing will be logged to the file", Assert.Single(findings));
    }

    [Fact]
    public async Task An_import_program_not_on_the_path_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["IMPORT_COMMAND"] = """["tutor-not-installed", "local"]""", ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(1, exitCode);
        Assert.Equal("problem: IMPORT_COMMAND: 'tutor-not-installed' is not found on PATH (/usr/bin:/bin): every course import will fail", Assert.Single(findings));
    }

    [Fact]
    public async Task An_import_program_given_as_a_path_that_does_not_exist_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["IMPORT_COMMAND"] = """["/opt/nothing/import.sh", "{repo_dir}"]""" });
        Assert.Equal(1, exitCode);
        Assert.Equal("problem: IMPORT_COMMAND: /opt/nothing/import.sh does not exist: every course import will fail", Assert.Single(findings));
    }

    [Fact]
    public async Task An_import_program_found_on_the_path_or_filled_in_per_job_is_fine()
    {
        Assert.Equal(0, (await CheckConfig(new() { ["IMPORT_COMMAND"] = """["git", "--version"]""" })).ExitCode);
        Assert.Equal(0, (await CheckConfig(new() { ["IMPORT_COMMAND"] = """["{repo_dir}/import.sh"]""" })).ExitCode);
    }

    [Fact]
    public async Task A_check_program_not_on_the_path_is_a_problem()
    {
        var (exitCode, _, findings) = await CheckConfig(new() { ["PUBLISH"] = """{"*": "atomic"}""", ["VERIFY_COMMAND"] = """["check-not-installed"]""", ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(1, exitCode);
        Assert.Equal("problem: VERIFY_COMMAND: 'check-not-installed' is not found on PATH (/usr/bin:/bin): every atomic update will fail its check and publish nothing", Assert.Single(findings));
    }

    [Fact]
    public async Task Every_finding_is_shown_problems_first_each_in_the_order_of_its_key()
    {
        var (exitCode, _, findings) = await CheckConfig(new()
        {
            ["REPODIR"] = Path.Combine(folder, "no-repos"), ["STATE_DIR"] = Path.Combine(folder, "a-file", "state"), ["LOG_FILE_PATH"] = repos,
            ["IMPORT_COMMAND"] = """["tutor-not-installed"]""", ["VERIFY_COMMAND"] = """["check-not-installed"]""", ["PATH"] = "/usr/bin:/bin",
            ["REPO_SECRETS"] = """{"course": "s3cret"}""",
        });
        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                $"problem: REPODIR {Path.Combine(folder, "no-repos")} does not exist: every hook will answer 500 'Server configuration issue'",
                $"problem: STATE_DIR: {Path.Combine(folder, "a-file", "state")} cannot be created: {Path.Combine(folder, "a-file")} is a file: the job journal cannot be kept there, so the service will not start",
                $"problem: LOG_FILE_PATH: {repos} is a folder: nothing will be logged to the file",
                "problem: IMPORT_COMMAND: 'tutor-not-installed' is not found on PATH (/usr/bin:/bin): every course import will fail",
                "problem: VERIFY_COMMAND: 'check-not-installed' is not found on PATH (/usr/bin:/bin): every atomic update will fail its check and publish nothing",
                "warning: VERIFY_COMMAND is set but PUBLISH publishes no checkout atomically: the check runs only before an atomic publish",
                "warning: HOOK_SECRET is not set, so only the repositories in REPO_SECRETS need a signature: hooks for any other repository are accepted unsigned. Set HOOK_SECRET to require one from all",
            ],
            findings);
    }

    [Fact]
    public async Task A_check_without_any_checkout_published_atomically_warns_that_it_never_runs()
    {
        var (exitCode, output, findings) = await CheckConfig(new() { ["VERIFY_COMMAND"] = """["git", "--version"]""" });
        Assert.Equal(0, exitCode);
        Assert.Equal("warning: VERIFY_COMMAND is set but PUBLISH publishes no checkout atomically: the check runs only before an atomic publish", Assert.Single(findings));
        Assert.Contains("PUBLISH = (unset: every checkout in place)", output);
    }

    [Fact]
    public async Task A_checkout_PUBLISH_names_that_does_not_exist_is_a_warning_naming_the_nearest_checkout()
    {
        Directory.CreateDirectory(Path.Combine(repos, "grader", ".git"));
        Directory.CreateDirectory(Path.Combine(repos, "my-course", ".git"));

        var (exitCode, _, findings) = await CheckConfig(new() { ["PUBLISH"] = """{"gradr": "atomic", "legacy": "in-place", "my-course": "atomic"}""" });

        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                $"warning: PUBLISH names gradr, but there is no checkout {Path.Combine(repos, "gradr")}: the entry applies to nothing; did you mean grader?",
                $"warning: PUBLISH names legacy, but there is no checkout {Path.Combine(repos, "legacy")}: the entry applies to nothing",
            ],
            findings);
    }

    [Fact]
    public async Task Repository_secrets_without_a_shared_secret_warn_that_other_repositories_take_unsigned_hooks()
    {
        var (exitCode, output, findings) = await CheckConfig(new() { ["REPO_SECRETS"] = """{"course": "its-own"}""" });
        Assert.Equal(0, exitCode);
        Assert.Equal(
            "warning: HOOK_SECRET is not set, so only the repositories in REPO_SECRETS need a signature: hooks for any other repository are accepted unsigned. Set HOOK_SECRET to require one from all",
            Assert.Single(findings));
        Assert.Contains("HOOK_SECRET = (unset: repositories not in REPO_SECRETS need no signature)  (default)", output);

        Assert.Empty((await CheckConfig(new() { ["REPO_SECRETS"] = """{"course": "its-own"}""", ["HOOK_SECRET"] = "shared" })).Findings);
    }

    [Theory]
    [InlineData("gr.env.json.example")]
    [InlineData("contrib/tutor.gr.env.json")]
    public async Task The_placeholder_secret_of_a_shipped_example_file_is_a_warning_that_never_shows_it(string example)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, example)));
        var placeholder = json.RootElement.GetProperty("HOOK_SECRET").GetString()!;

        var (exitCode, output, findings) = await CheckConfig(new() { ["HOOK_SECRET"] = placeholder, ["REPO_SECRETS"] = $$"""{"course": ["fresh-one", "{{placeholder}}"]}""" });

        Assert.Equal(0, exitCode);
        Assert.Equal(
            [
                "warning: HOOK_SECRET is the placeholder of an example file, not a secret: whoever has read that file can sign hooks. Make one with openssl rand -hex 32",
                "warning: REPO_SECRETS gives the repository 'course' the placeholder of an example file, not a secret: whoever has read that file can sign its hooks. Make one with openssl rand -hex 32",
            ],
            findings);
        Assert.DoesNotContain(placeholder, output + string.Join("\n", findings));
    }

    [Fact]
    public async Task Every_example_secret_of_the_README_the_example_file_and_contrib_is_a_placeholder_warning()
    {
        var examples = ExampleSecrets().Distinct(StringComparer.Ordinal).ToArray();
        Assert.Superset(new HashSet<string> { "shared-secret", "its-own-secret", "change-me", "CHANGE-ME", "replace-with-the-output-of-openssl-rand-hex-32" }, examples.ToHashSet());
        var repoSecrets = System.Text.Json.JsonSerializer.Serialize(examples.Select((secret, i) => (Repo: $"repo-{i:00}", secret)).ToDictionary(e => e.Repo, e => e.secret));

        var (_, output, findings) = await CheckConfig(new() { ["HOOK_SECRET"] = "a8f3e0c1d2b4", ["REPO_SECRETS"] = repoSecrets });

        var flagged = findings.Select(f => PlaceholderRepo().Match(f)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal("", string.Join(", ", examples.Where((_, i) => !flagged.Contains(i)).Select(e => $"'{e}'")));
        Assert.DoesNotContain(findings, f => f.Contains("HOOK_SECRET is the placeholder", StringComparison.Ordinal));
    }

    // One example secret each (the journal's from contrib/fleet/fleet.env and the README), at a server that refuses at once.
    public static TheoryData<string, string, string> SecretSettingsLeftAtAnExample => new()
    {
        { "HOOK_SECRET", "shared-secret", "HOOK_SECRET is the placeholder of an example file, not a secret: whoever has read that file can sign hooks. Make one with openssl rand -hex 32" },
        { "ADMIN_TOKEN", "change-me", "ADMIN_TOKEN is the placeholder of an example file, not a secret: whoever has read that file can run jobs by hand and roll checkouts back. Make one with openssl rand -hex 32" },
        { "GITHUB_TOKEN", "its-own-secret", "GITHUB_TOKEN is the placeholder of an example file, not a token: GitHub will refuse every commit status. Give it a token made on GitHub" },
        { "GITEA_TOKEN", "...", "GITEA_TOKEN is the placeholder of an example file, not a token: Gitea will refuse every commit status. Give it a token made on Gitea" },
        { "GITLAB_TOKEN", "Replace-With-The-Output-Of-Openssl-Rand-Hex-32", "GITLAB_TOKEN is the placeholder of an example file, not a token: GitLab will refuse every commit status. Give it a token made on GitLab" },
        { "JOURNAL_URL", "postgresql://gitreload:CHANGE-ME@127.0.0.1:1/gitreload?sslmode=disable", JournalPlaceholder },
        { "JOURNAL_URL", "Host=127.0.0.1;Port=1;Username=gitreload;Password='pa@ss';Database=gitreload", JournalPlaceholder },
    };

    private const string JournalPlaceholder = "JOURNAL_URL's password is the placeholder of an example file: whoever has read that file and reaches the database can change the fleet's jobs. "
        + "Give the journal's user a password made with openssl rand -hex 24";

    [Theory]
    [MemberData(nameof(SecretSettingsLeftAtAnExample))]
    public async Task Every_secret_setting_left_at_an_example_secret_is_a_warning_that_never_shows_it(string key, string value, string warning)
    {
        var environment = new Dictionary<string, string> { [key] = value };
        if (key is "GITEA_TOKEN")
            environment["GITEA_API_URL"] = "https://gitea.example.edu/api/v1";
        if (key is "GITLAB_TOKEN")
            environment["GITLAB_API_URL"] = "https://gitlab.example.edu/api/v4";
        var secret = key is "JOURNAL_URL" ? value.Contains("CHANGE-ME", StringComparison.Ordinal) ? "CHANGE-ME" : "pa@ss" : value;

        var (_, output, findings) = await CheckConfig(environment);

        Assert.Equal("warning: " + warning, Assert.Single(findings, f => f.StartsWith("warning:", StringComparison.Ordinal)));
        Assert.DoesNotContain(secret, output + string.Join("\n", findings), StringComparison.OrdinalIgnoreCase);
    }

    // The secrets the operator's documents write out: in the JSON files, the secret keys' values and REPO_SECRETS';
    // in every file, values of the secret keys (JSON and KEY=value), of the maps on a line that speaks of secrets
    // ({"my-course": ["new-secret", "old-secret"]}), and passwords in journal URLs.
    private static IEnumerable<string> ExampleSecrets()
    {
        var files = new[] { "README.md", "gr.env.json.example" }.Select(f => Path.Combine(Root, f))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "contrib"), "*", SearchOption.AllDirectories));
        foreach (var file in files.Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".json.example", StringComparison.Ordinal)))
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file), new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            foreach (var setting in json.RootElement.EnumerateObject())
            {
                if (setting.Name is "HOOK_SECRET" or "ADMIN_TOKEN" or "GITHUB_TOKEN" or "GITEA_TOKEN" or "GITLAB_TOKEN" && setting.Value.GetString() is { Length: > 0 } secret)
                    yield return secret;
                if (setting.Name is "REPO_SECRETS")
                    foreach (var repository in setting.Value.EnumerateObject())
                        foreach (var value in repository.Value.ValueKind is System.Text.Json.JsonValueKind.Array ? repository.Value.EnumerateArray().ToArray() : [repository.Value])
                            yield return value.GetString()!;
            }
        }
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            foreach (Match m in SecretKeyValue().Matches(line))
                yield return m.Groups["value"].Value;
            if (line.Contains("secret", StringComparison.OrdinalIgnoreCase))
                foreach (Match m in MapEntry().Matches(line))
                    if (!SettingKey().IsMatch(m.Groups["key"].Value))
                        foreach (Capture value in m.Groups["value"].Captures)
                            yield return value.Value;
            foreach (Match m in JournalPassword().Matches(line))
                if (!m.Groups["value"].Value.StartsWith('$'))
                    yield return m.Groups["value"].Value;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("""(?:HOOK_SECRET|ADMIN_TOKEN|GITHUB_TOKEN|GITEA_TOKEN|GITLAB_TOKEN)(?:"\s*:\s*"|=)(?<value>[^"\s`'$][^"\s`']*)""")]
    private static partial System.Text.RegularExpressions.Regex SecretKeyValue();

    [System.Text.RegularExpressions.GeneratedRegex("""[{,]\s*"(?<key>[^"]+)"\s*:\s*(?:"(?<value>[^"]*)"|\[\s*(?:"(?<value>[^"]*)"\s*,?\s*)+\])""")]
    private static partial System.Text.RegularExpressions.Regex MapEntry();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z_]+$")]
    private static partial System.Text.RegularExpressions.Regex SettingKey();

    [System.Text.RegularExpressions.GeneratedRegex("""postgresql://[^:/@\s`]+:(?<value>[^@\s`]+)@|Password='(?<value>[^']*)'""")]
    private static partial System.Text.RegularExpressions.Regex JournalPassword();

    [System.Text.RegularExpressions.GeneratedRegex("^warning: REPO_SECRETS gives the repository 'repo-(\\d+)' the placeholder of an example file")]
    private static partial System.Text.RegularExpressions.Regex PlaceholderRepo();

    private static string Root => RepositoryRoot.Path;

    [Fact]
    public async Task Check_config_shows_the_version_and_the_defaults_it_uses()
    {
        var (_, output, _) = await CheckConfig([]);
        var lines = output.Split('\n');
        Assert.Matches(@"^gitreload \d+\.\d+\.\d+", lines[0]);
        Assert.Contains("LOG_FORMAT = text  (default)", lines);
        Assert.Contains("NOTIFY_ON = failed  (default)", lines);
        Assert.Contains("NOTIFY_FORMAT = json  (default)", lines);
    }

    [Fact]
    public async Task Version_prints_the_version_the_service_reports()
    {
        var (exitCode, output, _) = await GitReloadProcess.Run(folder, [], "--version");
        Assert.Equal(0, exitCode);
        Assert.Equal($"gitreload {GitReload.Application.GitReloadVersion.Text}", output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?(\+[0-9a-f]{7})?$", GitReload.Application.GitReloadVersion.Text);
    }
}
