using System.Net;
using GitReload.Adapters.Reporting.Tests;
using GitReload.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.AspNetCore.Tests;

/// <summary>Commit statuses and notifications come with AddGitReload, from the keys of its section alone.</summary>
public sealed class ReportingWhenEmbeddedTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Commit_statuses_reach_the_forge_named_in_the_GitReload_section()
    {
        git.Clone("course");
        await using var forge = await FakeForge.Start();
        var keys = AppWithGitReload.Keys(git);
        keys["GITHUB_TOKEN"] = "ghp-embedded";
        keys["GITHUB_API_URL"] = forge.Under("api/v3/").ToString();
        keys["PUBLIC_URL"] = "https://reload.example.edu/hooks";
        await using var app = await AppWithGitReload.Start(keys, a => a.MapGitReload("/hooks"));
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        Assert.Equal(HttpStatusCode.OK, (await app.Post("/hooks/update", AppWithGitReload.Push(pushed))).StatusCode);
        await AppWithGitReload.Eventually(() => forge.Calls.Count >= 2, "a pending and a final status");

        var calls = forge.Calls.ToArray();
        Assert.All(calls, c => Assert.Equal(("POST", $"/api/v3/repos/org/course/statuses/{pushed}", "Token ghp-embedded"), (c.Method, c.Target, c.Authorization)));
        Assert.Contains("\"pending\"", calls[0].Body);
        Assert.Contains("\"success\"", calls[1].Body);
        Assert.Contains("https://reload.example.edu/hooks/jobs/", calls[1].Body);
    }

    [Fact]
    public void Reporting_keys_that_cannot_work_stop_the_registration_with_the_hosts_own_messages()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["REPODIR"] = "/srv/repos",
            ["STATE_DIR"] = "/srv/state",
            ["GITEA_TOKEN"] = "gitea-token",
            ["GITHUB_API_URL"] = "github.example.edu",
            ["NOTIFY_WEBHOOK_URL"] = "https://chat.example.edu/h",
            ["NOTIFY_FORMAT"] = "discord",
        }).Build();

        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddGitReload(configuration));

        Assert.Contains("GITEA_TOKEN is set but GITEA_API_URL is not; set it to the API's base URL", error.Message);
        Assert.Contains("GITHUB_API_URL must be an http(s) URL, and the value given has no scheme: start it with https://", error.Message);
        Assert.DoesNotContain("github.example.edu", error.Message);
        Assert.Contains("NOTIFY_FORMAT must be json, slack or teams, got 'discord'", error.Message);
        Assert.DoesNotContain("gitea-token", error.Message);
    }
}
