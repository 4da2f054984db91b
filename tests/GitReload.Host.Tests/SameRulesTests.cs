using System.Text;
using GitReload.AspNetCore;
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
        { "REPO_SECRETS", """{"course": ["new", "  "]}""", "REPO_SECRETS gives course a secret of only spaces" },
        { "HOOK_SECRET", "\"   \"", "HOOK_SECRET is only spaces; give the secret, or leave it out" },
        { "GITEA_TOKEN", "\"gitea-token\"", "GITEA_TOKEN is set but GITEA_API_URL is not; set it to the API's base URL" },
        { "NOTIFY_FORMAT", "\"discord\"", "NOTIFY_FORMAT must be json, slack or teams, got 'discord'" },
    };

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

        Assert.Equal([$"{file}: {message}"], loaded.Match(_ => [], refusal => refusal.Problems.Map(p => p.ToString()).ToArray()));
        Assert.Equal([$"problem: {file}: {message}"], printed.ToString().Trim().Split('\n'));
        Assert.StartsWith($"GitReload cannot start: section GitReload: {message}", fromSection.Message);
        Assert.StartsWith($"GitReload cannot start: GitReloadOptions: {message}", fromOptions.Message);
    }

    // What an embedder writes in code for the same value.
    private static void Set(GitReloadOptions options, string key, string json)
    {
        var value = System.Text.Json.JsonDocument.Parse(json).RootElement;
        switch (key)
        {
            case "POLL_SECONDS": options.PollSeconds = value.GetDouble(); break;
            case "POLL": options.Poll = value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!); break;
            case "POLL_CONCURRENCY": options.PollConcurrency = value.GetInt32(); break;
            case "PUBLISH": options.Publish = value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!); break;
            case "PUBLISH_KEEP": options.PublishKeep = value.GetInt32(); break;
            case "MAX_ATTEMPTS": options.MaxAttempts = value.GetInt32(); break;
            case "NUM_THREADS": options.NumThreads = value.GetInt32(); break;
            case "SUBPROCESS_TIMEOUT_MINUTES": options.SubprocessTimeoutMinutes = value.GetDouble(); break;
            case "FOLLOW_UP_QUIET_SECONDS": options.FollowUpQuietSeconds = value.GetDouble(); break;
            case "IMPORT_COMMAND": options.ImportCommand = value.EnumerateArray().Select(i => i.GetString()!).ToList(); break;
            case "VERIFY_COMMAND": options.VerifyCommand = value.EnumerateArray().Select(i => i.GetString()!).ToList(); break;
            case "REPO_SECRETS": options.RepoSecrets = value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(i => i.GetString()!).ToList()); break;
            case "HOOK_SECRET": options.HookSecret = value.GetString(); break;
            case "GITEA_TOKEN": options.GiteaToken = value.GetString(); break;
            case "NOTIFY_FORMAT": options.NotifyFormat = value.GetString(); break;
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "no option for this key in the table");
        }
    }
}
