using GitReload.Domain.Hooks;
using GitReload.Adapters.Http.Hooks;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitReload.Adapters.Http.Signatures;
using GitReload.Domain.Jobs;
using GitReload.Tests.Shared;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Http.Tests;

public sealed class SignedHooksTests : ServerOverClone
{
    private protected override Task<HookServer> Start()
    {
        Git.Clone("grader");
        var secrets = new HookSecrets(Some("shared-secret"), new Dictionary<string, LanguageExt.Seq<string>> { ["grader"] = Seq("grader-new", "grader-old") });
        return HookServer.Start(Git.RepoDir, new HttpSettings(HttpSettings.GitHubMaxPayloadBytes, secrets));
    }

    private static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task<Answer> Post(string body, string githubEvent, string? secret, string delivery = "d-1")
    {
        var headers = new List<(string, string)> { ("X-GitHub-Event", githubEvent), ("X-GitHub-Delivery", delivery) };
        if (secret is not null)
            headers.Add(("X-Hub-Signature-256", Sign(body, secret)));
        return await Answer.Of(await Server.Send("/update", body, headers.ToArray()));
    }

    [Fact]
    public async Task A_push_signed_with_the_shared_secret_is_queued() =>
        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: false, 1), (await Post(Fixtures.PushToMaster, "push", "shared-secret")).Msg);

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task An_unsigned_or_wrongly_signed_push_is_refused_and_queues_nothing(string? secret)
    {
        var answer = await Post(Fixtures.PushToMaster, "push", secret);
        Assert.Equal((HttpStatusCode.Unauthorized, await Expected.Msg(RequestRefusal.InvalidSignature)), (answer.Status, answer.Msg));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task A_signature_over_another_body_is_refused()
    {
        var response = await Server.Send("/update", Fixtures.PushToMaster, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(Fixtures.PushToMaster + " ", "shared-secret")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Pings_must_be_signed_too()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(Fixtures.GitHub("ping-with-organization.payload.json"), "ping", null)).Status);
        Assert.Equal(await Expected.Msg(new Decision.Pong()), (await Post(Fixtures.GitHub("ping-with-organization.payload.json"), "ping", "shared-secret")).Msg);
    }

    [Fact]
    public async Task A_repository_with_its_own_secrets_accepts_any_of_them_and_not_the_shared_one()
    {
        var push = Some.PushNamed("grader");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(push, "push", "shared-secret", "a")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(push, "push", "grader-old", "b")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(push, "push", "grader-new", "c")).Status);
    }

    [Fact]
    public async Task A_refused_delivery_is_not_remembered_so_a_corrected_redelivery_works()
    {
        await Post(Fixtures.PushToMaster, "push", "wrong-secret", "same-id");
        var again = await Post(Fixtures.PushToMaster, "push", "shared-secret", "same-id");
        Assert.Equal(await Expected.Queued(JobAction.GetLatest, merged: false, 1), again.Msg);
    }

    [Fact]
    public async Task A_redelivery_of_an_accepted_delivery_is_answered_without_queueing()
    {
        var first = await Post(Fixtures.PushToMaster, "push", "shared-secret", "once");
        await Server.Queue.Finish((await Server.Queue.Next(default)).Job, new JobOutcome.Succeeded(None, None, "", 1));

        var again = await Post(Fixtures.PushToMaster, "push", "shared-secret", "once");

        Assert.Equal((HttpStatusCode.OK, await Expected.AlreadyReceived(), first.JobId), (again.Status, again.Msg, again.JobId));
        Assert.Empty(Server.Queue.Snapshot());
    }

    [Fact]
    public async Task A_refused_delivery_is_logged_once_with_its_id_and_never_the_secret_or_signature()
    {
        var signature = Sign(Fixtures.PushToMaster, "wrong-secret");
        await Server.Send("/update", Fixtures.PushToMaster, ("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "abc-123"), ("X-Hub-Signature-256", signature));

        var line = Assert.Single(Server.Logs.Lines, l => l.Contains("abc-123"));
        Assert.Equal("Warning: Delivery abc-123 from GitHub rejected: the signature is missing or wrong", line);
        Assert.DoesNotContain(Server.Logs.Lines, l => l.Contains("shared-secret") || l.Contains(signature[7..]));
    }

    [Fact]
    public async Task A_delivery_signed_with_a_secret_that_is_not_its_repositorys_is_logged_with_the_repository()
    {
        await Post(Some.PushNamed("grader"), "push", "shared-secret", "def-456");

        Assert.Equal("Warning: Delivery def-456 from GitHub for grader rejected: the signature is missing or wrong", Assert.Single(Server.Logs.Lines, l => l.Contains("def-456")));
    }
}
