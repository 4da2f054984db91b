using GitReload.Domain.Jobs;
using GitReload.Domain.Hooks;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Signatures;
using GitReload.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Http.Tests;

/// <summary>How hook bodies are read, over real Kestrel and raw sockets: the budget, the time limit, signatures checked on the way, buffers given back.</summary>
public sealed class HookBodiesTests : IAsyncLifetime
{
    private const string Secret = "shared-secret";
    private readonly TempGit git = new();

    public Task InitializeAsync()
    {
        git.Clone(Some.Repo);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        git.Dispose();
        return Task.CompletedTask;
    }

    private static HttpSettings Signed(long max = HttpSettings.GitHubMaxPayloadBytes) => new(max, new HookSecrets(Some(Secret), new Dictionary<string, LanguageExt.Seq<string>>()));

    private static byte[] PushOf(int length)
    {
        var json = JsonNode.Parse("""{"ref": "refs/heads/master", "after": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "repository": {"name": "Hello-World"}}""")!.AsObject();
        json["padding"] = "";
        json["padding"] = new string('x', length - json.ToJsonString().Length);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static string Hmac(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private static string SignatureOf(byte[] body) => "X-Hub-Signature-256: " + Hmac(body);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_body_that_finds_the_budget_spent_gets_503_with_retry_after_and_the_budget_comes_back()
    {
        var settings = Signed() with { Bodies = new BodyBudget(100_000) };
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var big = PushOf(90_000);
        using var holding = await RawHttp.Connect(server.Address);
        await holding.Send([.. RawHttp.PostHead(server.Address, "/update", $"Content-Length: {big.Length}", "X-GitHub-Event: push", SignatureOf(big)), .. big[..80_000]]);
        await Until(() => settings.Bodies.Free < 30_000);

        var small = PushOf(30_000);
        var refused = await server.Send("/update", [new("X-GitHub-Event", "push"), new("X-Hub-Signature-256", Hmac(small))], small);
        await holding.Send(big[80_000..]);
        var held = RawHttp.StatusLine(await holding.ReadAnswer(TimeSpan.FromSeconds(30)));
        var again = await server.Send("/update", [new("X-GitHub-Event", "push"), new("X-Hub-Signature-256", Hmac(small))], small);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(await Expected.Msg(RequestRefusal.TooManyBodies), (await Answer.Of(refused)).Msg);
        Assert.Equal("HTTP/1.1 200 OK", held);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
        Assert.Contains(server.Logs.Lines, l => l == "Warning: Hook body of delivery (no id) from GitHub to /update rejected with 503: the bodies being read hold the whole budget of 100000 bytes");
    }

    [Theory]
    [InlineData("GitHub", "72d3162e-cc78-11e3-81ab-4c9367dc0958")]
    [InlineData("Gitea", "f6266f16-1bf3-46a5-9ea4-602e06ead473")]
    [InlineData("Forgejo", "a1b2c3d4-0e5f-4a6b-8c7d-9e0f1a2b3c4d")]
    [InlineData("GitLab", "13792a34-cac6-4fda-95a8-c58e00a3954e")]
    [InlineData("Bitbucket", "3f2c1b0a-9e8d-4c7b-a6f5-e4d3c2b1a098")]
    public async Task A_refused_body_is_logged_with_its_delivery_id_and_route(string forge, string id)
    {
        await using var server = await HookServer.Start(git.RepoDir, maxPayloadBytes: 1_000);
        var headers = forge switch
        {
            "GitHub" => ForgeHeaders.GitHub("push", id),
            "Gitea" => ForgeHeaders.Gitea("push", id),
            "Forgejo" => ForgeHeaders.Forgejo("push", id),
            "GitLab" => ForgeHeaders.GitLab("Push Hook", id),
            _ => ForgeHeaders.Bitbucket("repo:push", id),
        };

        var answer = await server.Send("/gitreload", headers, PushOf(2_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains($"Warning: Hook body of delivery {id} from {forge} to /gitreload over 1000 bytes rejected with 413", server.Logs.Lines);
    }

    [Fact]
    public async Task The_line_after_refused_bodies_that_were_not_logged_says_how_many_of_each_kind()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var settings = new HttpSettings(100_000, HookSecrets.None) with { Bodies = new BodyBudget(10_000) };
        await using var server = await HookServer.Start(git.RepoDir, settings, clock: clock);
        var tooLarge = PushOf(100_001);
        var overBudget = PushOf(20_000);

        var statuses = new List<HttpStatusCode>();
        foreach (var (body, delivery) in new[] { (tooLarge, "d-1"), (tooLarge, "d-2"), (overBudget, "d-3"), (overBudget, "d-4") })
            statuses.Add((await server.Send("/update", ForgeHeaders.GitHub("push", delivery), body)).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(10));
        statuses.Add((await server.Send("/update", ForgeHeaders.GitHub("push", "d-5"), tooLarge)).StatusCode);

        Assert.Equal(
            [HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.RequestEntityTooLarge],
            statuses);
        Assert.Equal(
            [
                "Warning: Hook body of delivery d-1 from GitHub to /update over 100000 bytes rejected with 413",
                "Warning: Hook body of delivery d-5 from GitHub to /update over 100000 bytes rejected with 413"
                    + " (3 more refused bodies not logged since the last line: 1 too large, 2 over the budget)",
            ],
            server.Logs.Lines.Where(l => l.Contains("Hook body", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Clients_that_announce_a_body_and_stall_after_one_byte_hold_only_that_byte_of_the_budget()
    {
        // Twice MAX_PAYLOAD_BYTES, as the host sets it: two such clients took all of it when a body took its first segment ahead of its bytes.
        var settings = Signed(max: 20_000) with { Bodies = new BodyBudget(40_000) };
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var announced = PushOf(19_999);
        var stalled = new List<RawHttp>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                stalled.Add(await RawHttp.Connect(server.Address));
                await stalled[^1].Send([.. RawHttp.PostHead(server.Address, "/update", $"Content-Length: {announced.Length}", "X-GitHub-Event: push", SignatureOf(announced)), announced[0]]);
            }
            await Task.Delay(300); // time for the server to read the byte each sent

            var push = PushOf(8_700);
            var answer = await server.Send("/update", [new("X-GitHub-Event", "push"), new("X-Hub-Signature-256", Hmac(push))], push);

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await Until(() => settings.Bodies.Free == settings.Bodies.Total - 2);
        }
        finally
        {
            foreach (var http in stalled) http.Dispose();
        }
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
    }

    [Fact]
    public async Task An_unsigned_delivery_is_refused_before_its_body_is_sent()
    {
        var settings = Signed();
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        using var http = await RawHttp.Connect(server.Address);
        await http.Send(RawHttp.PostHead(server.Address, "/update", "Content-Length: 20000000", "X-GitHub-Event: push"));

        var answer = await http.ReadAnswer(TimeSpan.FromSeconds(30));

        Assert.Equal("HTTP/1.1 401 Unauthorized", RawHttp.StatusLine(answer));
        Assert.Contains($$"""{"msg":"{{await Expected.Msg(RequestRefusal.InvalidSignature)}}"}""", answer);
        Assert.Equal(settings.Bodies.Total, settings.Bodies.Free);
    }

    [Fact]
    public async Task A_body_signed_with_a_wrong_secret_is_refused_once_read_and_its_buffer_given_back()
    {
        var settings = Signed();
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var body = PushOf(200_000);

        var answer = await server.Send("/update", [new("X-GitHub-Event", "push"), new("X-Hub-Signature-256", "sha256=" + new string('0', 64))], body);

        var refused = await Answer.Of(answer);
        Assert.Equal((HttpStatusCode.Unauthorized, await Expected.Msg(RequestRefusal.InvalidSignature)), (refused.Status, refused.Msg));
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
    }

    [Fact]
    public async Task A_body_not_sent_within_the_time_limit_gets_408_and_gives_its_budget_back()
    {
        var settings = Signed() with { BodyTimeout = TimeSpan.FromMilliseconds(500) };
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var body = PushOf(10_000);
        using var http = await RawHttp.Connect(server.Address);
        await http.Send([.. RawHttp.PostHead(server.Address, "/update", $"Content-Length: {body.Length}", "X-GitHub-Event: push", SignatureOf(body)), .. body[..5_000]]);

        var answer = await http.ReadAnswer(TimeSpan.FromSeconds(30));

        Assert.Equal("HTTP/1.1 408 Request Timeout", RawHttp.StatusLine(answer));
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
    }

    [Fact]
    public async Task A_body_trickled_past_the_time_limit_gets_408_and_the_server_logs_no_error()
    {
        var settings = Signed() with { BodyTimeout = TimeSpan.FromMilliseconds(500) };
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var body = PushOf(10_000);
        using var http = await RawHttp.Connect(server.Address);
        await http.Send(RawHttp.PostHead(server.Address, "/update", $"Content-Length: {body.Length}", "X-GitHub-Event: push", SignatureOf(body)));
        var stream = http.Stream;
        using var stop = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            try
            {
                for (var at = 0; !stop.IsCancellationRequested; at++)
                {
                    await stream.WriteAsync(body.AsMemory(at, 1), stop.Token);
                    await Task.Delay(50, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // Answered and closed, or told to stop.
            }
        });

        var answer = await http.ReadAnswer(TimeSpan.FromSeconds(30));
        await Task.Delay(1_000);
        await stop.CancelAsync();
        await trickle;

        Assert.Equal("HTTP/1.1 408 Request Timeout", RawHttp.StatusLine(answer));
        Assert.Contains($$"""{"msg":"{{await Expected.Msg(RequestRefusal.BodyTooSlow)}}"}""", answer);
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) || l.StartsWith("Critical:", StringComparison.Ordinal));
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
    }

    [Fact]
    public async Task A_client_that_leaves_half_way_gives_its_budget_back()
    {
        var settings = Signed();
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var body = PushOf(100_000);
        using (var http = await RawHttp.Connect(server.Address))
        {
            await http.Send([.. RawHttp.PostHead(server.Address, "/update", $"Content-Length: {body.Length}", "X-GitHub-Event: push", SignatureOf(body)), .. body[..50_000]]);
            await Until(() => settings.Bodies.Free < settings.Bodies.Total);
        }

        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
        // A forge that gave up waiting, not a body badly framed.
        await Until(() => server.Logs.Lines.Any(l => l.Contains("Hook body of delivery", StringComparison.Ordinal)));
        Assert.Contains(server.Logs.Lines, l => l == "Warning: Hook body of delivery (no id) from GitHub to /update abandoned by the client before its end");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_signed_body_of_many_segments_is_read_whole_and_queued(string mediaType)
    {
        var settings = Signed();
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, settings);
        var json = PushOf(5 * HookBody.SegmentSize + 123);
        var body = mediaType == "application/json"
            ? json
            : await new FormUrlEncodedContent([new("payload", Encoding.UTF8.GetString(json))]).ReadAsByteArrayAsync();

        var answer = await Answer.Of(await server.Send("/update", [new("X-GitHub-Event", "push"), new("X-Hub-Signature-256", Hmac(body))], body, mediaType));

        Assert.Equal((HttpStatusCode.OK, await Expected.Queued(JobAction.GetLatest, merged: false, 1)), (answer.Status, answer.Msg));
        await Until(() => settings.Bodies.Free == settings.Bodies.Total);
    }

    [Fact]
    public async Task A_signed_body_in_one_byte_chunks_up_to_the_limit_is_queued()
    {
        var body = PushOf(3_000);
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, Signed(max: body.Length));

        var answer = await RawHttp.PostChunked(server.Address, "/update", body, 1, "X-GitHub-Event: push", SignatureOf(body));

        Assert.Equal("HTTP/1.1 200 OK", answer);
        Assert.Single(server.Queue.Snapshot());
    }

    [Fact]
    public async Task Refused_bodies_are_logged_at_most_once_per_ten_seconds_saying_how_many_were_not()
    {
        await using var server = await HookServer.StartOnKestrel(git.RepoDir, Signed(max: 100));
        var body = PushOf(1_000);
        for (var i = 0; i < 20; i++)
            await RawHttp.PostChunked(server.Address, "/update", body, 100, "X-GitHub-Event: push", SignatureOf(body));

        Assert.Single(server.Logs.Lines, l => l.Contains("Hook body", StringComparison.Ordinal));
    }
}
