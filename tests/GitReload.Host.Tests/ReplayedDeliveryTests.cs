using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitReload.Host.Tests;

/// <summary>A signed delivery captured and sent again with a new delivery id, through the real host and its commit status reporter.</summary>
public sealed class ReplayedDeliveryTests : IAsyncLifetime
{
    private const string Secret = "hook-secret";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();
    private readonly ConcurrentQueue<(string Sha, string State, string Description)> statuses = new();
    private WebApplication forge = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        forge = builder.Build();
        forge.MapPost("/api/v3/repos/org/course/statuses/{sha}", async (string sha, HttpRequest request) =>
        {
            var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
            statuses.Enqueue((sha, (string)body["state"]!, (string)body["description"]!));
            return Results.Json(new { id = 1 }, statusCode: 201);
        });
        await forge.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await forge.StopAsync();
        await forge.DisposeAsync();
        git.Dispose();
    }

    private static string Push(string after) => new JsonObject
    {
        ["ref"] = "refs/heads/master", ["after"] = after, ["repository"] = new JsonObject { ["name"] = "course", ["full_name"] = "org/course" },
    }.ToJsonString();

    private static async Task Deliver(RunningHost host, string body, string deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        (await host.Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private async Task UntilReported(RunningHost host, string sha)
    {
        await host.WaitUntilIdle(Patience);
        await RunningHost.WaitFor(() => Task.FromResult(statuses.Any(s => s.Sha == sha && s.State == "success")), Patience);
    }

    [Fact]
    public async Task A_replayed_push_of_an_older_commit_turns_no_status_back()
    {
        git.Clone("course");
        var older = new string('a', 40);
        var newer = new string('b', 40);
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root), more: new()
        {
            ["HOOK_SECRET"] = Secret, ["GITHUB_TOKEN"] = "ghp_test", ["GITHUB_API_URL"] = forge.Urls.Single() + "/api/v3/",
        });
        await using var host = await RunningHost.Start(settings);

        await Deliver(host, Push(older), "delivery-1");
        await UntilReported(host, older);
        await Deliver(host, Push(newer), "delivery-2");
        await UntilReported(host, newer);
        await Deliver(host, Push(older), "delivery-3-replayed");
        await host.WaitUntilIdle(Patience);
        var marker = new string('c', 40);
        await Deliver(host, Push(marker), "delivery-4");
        await UntilReported(host, marker);

        Assert.Equal(2, statuses.Count(s => s.Sha == older));
        Assert.DoesNotContain(statuses, s => s.Description.Contains("job 3", StringComparison.Ordinal));
    }
}
