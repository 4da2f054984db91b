using GitReload.Domain.Jobs;
using GitReload.Domain.Hooks;
using GitReload.Adapters.Http.Hooks;
using System.Net;
using System.Net.Http.Headers;
using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Signatures;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

public sealed class AdminModuleTests : ServerOverClone
{
    private const string Token = "operator-token";

    private protected override Task<HookServer> Start() => HookServer.Start(Git.RepoDir, HttpSettings.Default, new AdminSettings(Token));

    private async Task<Answer> Post(string route, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Answer.Of(await Server.Client.SendAsync(request));
    }

    [Theory]
    [InlineData("update", JobAction.GetLatest)]
    [InlineData("import", JobAction.CourseImport)]
    public async Task An_operator_with_the_token_queues_a_job_for_the_checked_out_branch(string action, JobAction queued)
    {
        var answer = await Post($"/repos/{Some.Repo}/{action}", Token);
        var expected = queued.ToString();

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(queued, merged: false, 1)), (answer.Status, answer.Msg));
        var job = Assert.Single(Server.Queue.Snapshot());
        Assert.Equal((expected, "master", Git.OriginOf(Some.Repo)), (job.Request.Action.ToString(), job.Request.Branch, job.Request.RepoUrl));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Without_the_right_token_nothing_is_queued(string? token)
    {
        var answer = await Post($"/repos/{Some.Repo}/update", token);
        Assert.Equal((HttpStatusCode.Unauthorized, await Expected.Msg(RequestRefusal.InvalidToken)), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Theory]
    [InlineData("update")]
    [InlineData("import")]
    [InlineData("rollback")]
    public async Task A_name_with_no_checkout_under_REPODIR_is_not_found_by_name(string action)
    {
        var answer = await Post($"/repos/nosuch/{action}", Token);
        Assert.Equal((HttpStatusCode.NotFound, "No checkout named nosuch under REPODIR"), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Theory]
    [InlineData("/repos/bad%01name/update")]
    [InlineData("/repos/..%2Fx/rollback")]
    [InlineData("/repos/a%2Fb/rollback")]
    [InlineData("/repos/a%2fb/update")]
    [InlineData("/repos/..%2F..%2Fetc/import")]
    public async Task A_name_that_is_not_one_folder_name_is_refused_as_a_hook_refuses_it(string route)
    {
        var answer = await Post(route, Token);
        Assert.Equal((HttpStatusCode.BadRequest, "Repository name not valid"), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task Without_ADMIN_TOKEN_the_routes_do_not_exist()
    {
        await using var plain = await HookServer.Start(Git.RepoDir, HttpSettings.Default);
        var response = await plain.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/repos/{Some.Repo}/update")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
        });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(plain.Queue.Snapshot());
    }
}
