using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

public sealed class QueueModuleTests : ServerOverClone
{
    [Fact]
    public async Task An_empty_queue_has_the_original_shape()
    {
        var text = await Server.Client.GetStringAsync("/queue");
        Assert.Equal("{\"queue_length\":0,\"queue\":[]}", text);
    }

    [Fact]
    public async Task Queued_jobs_are_listed_oldest_first_with_the_original_fields()
    {
        await Server.Post("/update", "push", Fixtures.PushToMaster);
        await Server.Post("/", "push", Fixtures.PushToMaster);

        using var json = JsonDocument.Parse(await Server.Client.GetStringAsync("/queue"));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("queue_length").GetInt32());
        var items = root.GetProperty("queue").EnumerateArray()
            .Select(i => (i.GetProperty("repo_name").GetString(), i.GetProperty("repo_url").GetString(), i.GetProperty("action").GetString(), i.GetProperty("status").GetString()))
            .ToArray();
        var origin = Git.OriginOf(Some.Repo);
        Assert.Equal([(Some.Repo, origin, "GET_LATEST", "queued"), (Some.Repo, origin, "COURSE_IMPORT", "queued")], items);
    }

    [Fact]
    public async Task Posting_to_the_queue_is_not_allowed()
    {
        var response = await Server.Client.PostAsync("/queue", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
