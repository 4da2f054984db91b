using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

public sealed class QueueModuleTests : IAsyncLifetime
{
    private readonly TempGit git = new();
    private HookServer server = null!;

    public async Task InitializeAsync()
    {
        git.Clone(Some.Repo);
        server = await HookServer.Start(git.RepoDir);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        git.Dispose();
    }

    [Fact]
    public async Task An_empty_queue_has_the_original_shape()
    {
        var text = await server.Client.GetStringAsync("/queue");
        Assert.Equal("{\"queue_length\":0,\"queue\":[]}", text);
    }

    [Fact]
    public async Task Queued_jobs_are_listed_oldest_first_with_the_original_fields()
    {
        await server.Post("/update", "push", Fixtures.PushToMaster);
        await server.Post("/", "push", Fixtures.PushToMaster);

        using var json = JsonDocument.Parse(await server.Client.GetStringAsync("/queue"));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("queue_length").GetInt32());
        var items = root.GetProperty("queue").EnumerateArray()
            .Select(i => (i.GetProperty("repo_name").GetString(), i.GetProperty("repo_url").GetString(), i.GetProperty("action").GetString(), i.GetProperty("status").GetString()))
            .ToArray();
        var origin = git.OriginOf(Some.Repo);
        Assert.Equal([(Some.Repo, origin, "GET_LATEST", "queued"), (Some.Repo, origin, "COURSE_IMPORT", "queued")], items);
    }

    [Fact]
    public async Task Posting_to_the_queue_is_not_allowed()
    {
        var response = await server.Client.PostAsync("/queue", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
