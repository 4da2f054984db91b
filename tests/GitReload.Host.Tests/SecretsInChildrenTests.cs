using System.Text.Json;
using GitReload.Tests.Shared;
using Npgsql;

namespace GitReload.Host.Tests;

/// <summary>
/// The programs a real gitreload process starts (the default import, <c>IMPORT_COMMAND</c>, <c>VERIFY_COMMAND</c>,
/// ssh for a fetch) run code pushed by others: each dumps its environment, which must hold none of GitReload's
/// secrets and everything else the service was given.
/// </summary>
public sealed class SecretsInChildrenTests(FleetDatabase database) : IClassFixture<FleetDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Token = "admin-token-never-in-a-child";
    private readonly TempGit git = new();
    private string journal = "";

    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["HOOK_SECRET"] = "hook-secret-never-in-a-child",
        ["REPO_SECRETS"] = """{"course": "repo-secret-never-in-a-child"}""",
        ["ADMIN_TOKEN"] = Token,
        ["GITHUB_TOKEN"] = "github-token-never-in-a-child",
        ["GITEA_TOKEN"] = "gitea-token-never-in-a-child",
        ["GITLAB_TOKEN"] = "gitlab-token-never-in-a-child",
        ["NOTIFY_WEBHOOK_URL"] = "http://127.0.0.1:9/notify-url-never-in-a-child",
        // An embedder gives its section's settings so.
        ["GitReload__HOOK_SECRET"] = "embedder-secret-never-in-a-child",
    };

    public async Task InitializeAsync() =>
        journal = new NpgsqlConnectionStringBuilder(await database.Server.NewDatabase()) { Password = "journal-password-never-in-a-child" }.ConnectionString;

    public Task DisposeAsync()
    {
        git.Dispose();
        return Task.CompletedTask;
    }

    private string Dump(string name) => Path.Combine(git.Root, name + ".env");

    private Dictionary<string, string> Environment(Dictionary<string, string> more)
    {
        var environment = new Dictionary<string, string>(Secrets)
        {
            ["REPODIR"] = git.RepoDir,
            ["JOURNAL_URL"] = journal,
            ["HOST_ID"] = "host-with-secrets",
            ["LMS_CFG"] = "/etc/lms-of-this-test.yml",
            ["REVISION_CFG"] = "/etc/revisions-of-this-test.yml",
            ["GITEA_API_URL"] = "http://127.0.0.1:9/api/v1",
            ["GITLAB_API_URL"] = "http://127.0.0.1:9/api/v4",
            ["MAX_ATTEMPTS"] = "1",
            ["LOG_LEVEL"] = "warning",
        };
        foreach (var (key, value) in more) environment[key] = value;
        return environment;
    }

    private static async Task<string> Ended(FleetEndToEndTests.Member host, string route)
    {
        var queued = await host.Post(route, Token);
        Assert.NotEqual(0, queued.JobId);
        var status = "";
        await RunningHost.WaitFor(async () => (status = (await host.Job(queued.JobId)).GetProperty("status").GetString()!) is not ("queued" or "running"), Patience);
        return status;
    }

    private Dictionary<string, string> Read(string name)
    {
        Assert.True(File.Exists(Dump(name)), $"{name} did not run");
        return File.ReadAllLines(Dump(name)).Where(l => l.Contains('=')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    private void AssertNoSecretIn(string name)
    {
        var text = File.ReadAllText(Dump(name));
        var variables = Read(name);
        Assert.DoesNotContain("JOURNAL_URL", variables.Keys);
        Assert.DoesNotContain("journal-password-never-in-a-child", text);
        foreach (var (key, value) in Secrets)
        {
            Assert.DoesNotContain(key, variables.Keys);
            Assert.DoesNotContain(value, text);
        }
        Assert.Equal(System.Environment.GetEnvironmentVariable("PATH"), variables["PATH"]);
        Assert.Equal(git.Root, variables["HOME"]);
        Assert.Equal("host-with-secrets", variables["HOST_ID"]);
        Assert.Equal(git.RepoDir, variables["REPODIR"]);
    }

    [Fact]
    public void Every_setting_check_config_hides_is_withheld_from_the_children_too() =>
        Assert.Empty(GitReload.Host.Configuration.Keys.Secret.Append(GitReload.Host.Configuration.Keys.JournalUrl).Except(GitReload.Application.Secrets.SecretSettings.Keys));

    [Fact]
    public async Task The_default_import_and_the_VERIFY_COMMAND_check_get_the_service_s_environment_without_its_secrets()
    {
        git.Clone("course");
        git.Clone("grader");
        var venv = Path.Combine(git.Root, "venv");
        Directory.CreateDirectory(Path.Combine(venv, "bin"));
        var python = Path.Combine(venv, "bin", "python");
        File.WriteAllText(python, $"#!/bin/sh\nenv > '{Dump("import")}'\n");
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var platform = Directory.CreateDirectory(Path.Combine(git.Root, "edx-platform")).FullName;
        await using var host = await FleetEndToEndTests.Member.Start(git.Root, Environment(new()
        {
            ["VIRTUAL_ENV"] = venv,
            ["EDX_PLATFORM"] = platform,
            ["PUBLISH"] = """{"grader": "atomic"}""",
            ["VERIFY_COMMAND"] = JsonSerializer.Serialize(new[] { "sh", "-c", $"env > '{Dump("verify")}'" }),
        }));
        git.Commit("grader", "grader.py", "print(1)\n");

        Assert.Equal("succeeded", await Ended(host, "/repos/course/import"));
        Assert.Equal("succeeded", await Ended(host, "/repos/grader/update"));

        AssertNoSecretIn("import");
        var import = Read("import");
        Assert.Equal(("lms", "/etc/lms-of-this-test.yml", "/etc/revisions-of-this-test.yml"), (import["SERVICE_VARIANT"], import["LMS_CFG"], import["REVISION_CFG"]));
        AssertNoSecretIn("verify");
    }

    [Fact]
    public async Task An_IMPORT_COMMAND_and_the_ssh_of_a_fetch_get_the_service_s_environment_without_its_secrets()
    {
        git.Clone("course");
        var remote = git.Clone("remote");
        TempGit.Run(remote, "remote", "set-url", "origin", "ssh://git@gitreload.invalid/remote.git");
        await using var host = await FleetEndToEndTests.Member.Start(git.Root, Environment(new()
        {
            ["IMPORT_COMMAND"] = JsonSerializer.Serialize(new[] { "sh", "-c", $"env > '{Dump("import")}'" }),
            // As git runs it: sh -c '<this> "$@"'; the fetch then fails, having started it.
            ["GIT_SSH_COMMAND"] = $"env > '{Dump("ssh")}'; false",
        }));

        Assert.Equal("succeeded", await Ended(host, "/repos/course/import"));
        Assert.Equal("failed", await Ended(host, "/repos/remote/update"));

        AssertNoSecretIn("import");
        AssertNoSecretIn("ssh");
    }
}
