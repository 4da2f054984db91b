using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitReload.AspNetCore.Tests;

/// <summary>GitReload inside another ASP.NET Core service that has routes of its own.</summary>
public sealed class EmbeddingTests : IAsyncLifetime
{
    private readonly TempGit git = new();
    private WebApplication app = null!;
    private HttpClient client = null!;

    private string StateDir => Path.Combine(git.Root, "state");

    public async Task InitializeAsync()
    {
        git.Clone("course");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGitReload(options =>
        {
            options.RepoDir = git.RepoDir;
            options.StateDir = StateDir;
            options.HookSecret = "embedded-secret";
        });
        app = builder.Build();
        app.MapGet("/hello", () => "the service's own route");
        app.MapGitReload("/hooks");
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        git.Dispose();
    }

    private static string Push(string after)
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        json["repository"]!["name"] = "course";
        json["after"] = after;
        return json.ToJsonString();
    }

    private async Task<HttpResponseMessage> Post(string route, string body)
    {
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("embedded-secret"), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", signature);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_push_under_the_prefix_updates_the_checkout()
    {
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        var response = await Post("/hooks/update", Push(pushed));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (TempGit.Head(git.CheckoutOf("course")) != pushed && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pushed, TempGit.Head(git.CheckoutOf("course")));
        Assert.True(File.Exists(Path.Combine(StateDir, "journal.db")));
    }

    [Fact]
    public async Task The_service_keeps_its_own_routes_and_GitReload_stays_under_its_prefix()
    {
        Assert.Equal("the service's own route", await client.GetStringAsync("/hello"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hooks/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hooks/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/queue")).StatusCode);
    }

    [Fact]
    public async Task The_embedded_hooks_check_signatures()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/update") { Content = new StringContent(Push("abc")) };
        request.Headers.Add("X-GitHub-Event", "push");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }
}
