using System.Reflection;
using System.Text;
using GitReload.AspNetCore;
using GitReload.AspNetCore.Configuration;
using GitReload.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.Host.Tests;

/// <summary>
/// One rule, one message: a value that cannot work is told in the same words whether it comes from the
/// gitreload host's gr.env.json (and its check-config), an embedder's configuration section or its options
/// set in code; only the source named before it differs.
/// </summary>
public sealed class SameRulesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-rules-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string, string> Rules => new()
    {
        { "POLL_SECONDS", "-1", "POLL_SECONDS must be a number of seconds, 0 (off) or more, got '-1'" },
        { "POLL", """{"graders": "pull"}""", "POLL must map each checkout to update or import, got 'pull' for 'graders'" },
        { "POLL_CONCURRENCY", "0", "POLL_CONCURRENCY must be a positive whole number, got '0'" },
        { "PUBLISH", """{"course": "swap"}""", "PUBLISH gives course 'swap'; the mode is in-place or atomic" },
        { "PUBLISH_KEEP", "0", "PUBLISH_KEEP must be a positive whole number, got '0'" },
        { "MAX_ATTEMPTS", "0", "MAX_ATTEMPTS must be a positive whole number, got '0'" },
        { "NUM_THREADS", "-2", "NUM_THREADS must be a positive whole number, got '-2'" },
        { "SUBPROCESS_TIMEOUT_MINUTES", "0", "SUBPROCESS_TIMEOUT_MINUTES must be a positive number of minutes, got '0'" },
        { "FOLLOW_UP_QUIET_SECONDS", "7200", "FOLLOW_UP_QUIET_SECONDS must be a number of seconds, 0 or more, got '7200'" },
        { "IMPORT_COMMAND", """["tutor", ""]""", "IMPORT_COMMAND must be a JSON array of non-empty strings" },
        { "VERIFY_COMMAND", """["./check", ""]""", "VERIFY_COMMAND must be a JSON array of non-empty strings" },
        { "REPO_SECRETS", """{"course": ["new", "  "]}""", "REPO_SECRETS gives the repository 'course' a secret of only spaces" },
        { "HOOK_SECRET", "\"   \"", "HOOK_SECRET is only spaces; give the secret, or leave it out" },
        { "GITEA_TOKEN", "\"gitea-token\"", "GITEA_TOKEN is set but GITEA_API_URL is not; set it to the API's base URL" },
        { "NOTIFY_FORMAT", "\"discord\"", "NOTIFY_FORMAT must be json, slack or teams, got 'discord'" },
        { "NOTIFY_ON", "\"never\"", "NOTIFY_ON must be failed or all, got 'never'" },
        { "REPODIR", "\"  \"", "REPODIR must be a folder path, got '  '" },
        { "MAX_PAYLOAD_BYTES", "0", "MAX_PAYLOAD_BYTES must be a positive number of bytes, got '0'" },
        { "GIT_TIMEOUT_SECONDS", "0", "GIT_TIMEOUT_SECONDS must be a positive number of seconds, got '0'" },
        { "ADMIN_TOKEN", "\" \"", "ADMIN_TOKEN is only spaces; give the secret, or leave it out" },
        { "MAX_FINISHED_JOBS_PER_REPO", "0", "MAX_FINISHED_JOBS_PER_REPO must be a positive whole number, got '0'" },
        { "SHUTDOWN_GRACE_SECONDS", "-1", "SHUTDOWN_GRACE_SECONDS must be a number of seconds, 0 or more, got '-1'" },
        { "JOURNAL_URL", "\"mysql://db/jobs\"", "JOURNAL_URL must be postgresql://user:password@host:port/database or an Npgsql key=value string (it is a URL of another kind)" },
        { "HOST_ID", "\"two words\"", "HOST_ID must be 1 to 253 printable characters without spaces, got 'two words'" },
        { "PUBLIC_URL", "\"ftp://ci.example.edu\"", "PUBLIC_URL must be an http(s) URL, and the value given has a scheme other than http or https (the value is not shown: it may hold a secret)" },
        { "GITHUB_TOKEN", "\"  \"", "GITHUB_TOKEN is only spaces; give the secret, or leave it out" },
        { "GITHUB_API_URL", "\"github.example.edu\"", "GITHUB_API_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)" },
        { "GITEA_API_URL", "\"gitea.example.edu\"", "GITEA_API_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)" },
        { "GITLAB_TOKEN", "\"gitlab-token\"", "GITLAB_TOKEN is set but GITLAB_API_URL is not; set it to the API's base URL" },
        { "GITLAB_API_URL", "\"gitlab.example.edu\"", "GITLAB_API_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)" },
        { "NOTIFY_WEBHOOK_URL", "\"hooks.example.edu\"", "NOTIFY_WEBHOOK_URL must be an http(s) URL, and the value given has no scheme: start it with https:// (the value is not shown: it may hold a secret)" },
    };

    // Keys read by the host and an embedder alike whose every text works: no rule, so no row above.
    private static readonly string[] AnyText = ["VIRTUAL_ENV", "EDX_PLATFORM", "DJANGO_SETTINGS", "LMS_CFG", "REVISION_CFG", "STATE_DIR"];

    [Fact]
    public void Every_key_the_host_and_an_embedder_both_read_has_a_row_here()
    {
        var covered = Rules.Select(row => (string)row[0]).Concat(AnyText).ToHashSet();
        var missing = SettingKeys.All.Where(s => s.Scope == SettingScope.Shared && !covered.Contains(s.Key))
            .Select(s => $"{s.Key}: add a row to SameRulesTests.Rules (a value that cannot work and its message), or add it to AnyText if every text works")
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task A_value_that_cannot_work_is_told_alike_by_the_host_file_check_config_an_embedders_section_and_its_options(string key, string json, string message)
    {
        var file = Path.Combine(folder, "gr.env.json");
        File.WriteAllText(file, $$$"""{"{{{key}}}": {{{json}}}}""");
        var loaded = SettingsLoader.Load([], new Dictionary<string, string?>(), folder, folder);
        var printed = new StringWriter();
        await CheckConfig.Print(loaded, new Dictionary<string, string?>(), folder, new StringWriter(), printed);

        var section = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$$"""{"GitReload": {"{{{key}}}": {{{json}}}}}""")))
            .Build().GetSection("GitReload");
        var fromSection = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(section));
        var fromOptions = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(o => Set(o, key, json)));

        Same("the host's file", [$"{file}: {message}"], loaded.Match(_ => [], refusal => refusal.Problems.Map(p => p.ToString()).ToArray()));
        Same("check-config", [$"problem: {file}: {message}"], printed.ToString().Trim().Split('\n'));
        Starts("an embedder's section", $"GitReload cannot start: section GitReload: {message}", fromSection.Message);
        Starts("an embedder's options", $"GitReload cannot start: GitReloadOptions: {message}", fromOptions.Message);
    }

    // Whole lines on failure: the assertions' own diffs cut long messages short.
    private static void Same(string wayIn, string[] expected, string[] actual) =>
        Assert.True(expected.SequenceEqual(actual), $"{wayIn} said:\n{string.Join("\n", actual)}\nexpected:\n{string.Join("\n", expected)}");

    private static void Starts(string wayIn, string expected, string actual) =>
        Assert.True(actual.StartsWith(expected, StringComparison.Ordinal), $"{wayIn} said:\n{actual}\nexpected it to start with:\n{expected}");

    // What an embedder writes in code for the same value: the option bound to the key, given the JSON value.
    private static void Set(GitReloadOptions options, string key, string json)
    {
        var property = typeof(GitReloadOptions).GetProperties()
            .Single(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name == key);
        property.SetValue(options, System.Text.Json.JsonSerializer.Deserialize(json, property.PropertyType));
    }
}
