using System.Text;
using System.Text.Json.Nodes;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>Chunked hook bodies through the real gitreload process on real Kestrel, written on a raw socket.</summary>
public sealed class ChunkedBodiesTests : IDisposable
{
    private const int Limit = 1000;
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private static byte[] PushOf(int length)
    {
        var json = JsonNode.Parse("""{"ref": "refs/heads/master", "after": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "repository": {"name": "course"}}""")!.AsObject();
        json["padding"] = "";
        var bare = json.ToJsonString().Length;
        json["padding"] = new string('x', length - bare);
        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        Assert.Equal(length, body.Length);
        return body;
    }

    [Fact]
    public async Task A_body_up_to_the_limit_passes_however_it_is_chunked_and_one_byte_more_is_a_quiet_counted_413()
    {
        git.Clone("course");
        using var process = GitReloadProcess.Start(git.Root, new()
        {
            ["REPODIR"] = git.RepoDir, ["MAX_PAYLOAD_BYTES"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["STATE_DIR"] = Path.Combine(git.Root, "state"), ["LOG_LEVEL"] = "info", ["FOLLOW_UP_QUIET_SECONDS"] = "0",
        }, "--port", "0");
        var errors = process.StandardError.ReadToEndAsync();
        var answers = new List<string>();
        var tooLarge = new List<string>();
        string metrics;
        try
        {
            var server = new Uri(await GitReloadProcess.ListeningUrl(process));
            foreach (var chunk in new[] { Limit, 100, 10, 1 })
                answers.Add(await RawHttp.PostChunked(server, "/update", PushOf(Limit), chunk, "X-GitHub-Event: push"));
            foreach (var chunk in new[] { 1, 10, Limit + 1 })
                tooLarge.Add(await RawHttp.PostChunked(server, "/update", PushOf(Limit + 1), chunk, "X-GitHub-Event: push"));
            using var client = new HttpClient();
            metrics = await client.GetStringAsync(new Uri(server, "/metrics"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        var log = await errors;

        Assert.All(answers, a => Assert.Equal("HTTP/1.1 200 OK", a));
        Assert.All(tooLarge, a => Assert.Equal("HTTP/1.1 413 Payload Too Large", a));
        Assert.Matches("""gitreload_hooks_total\{[^}]*forge="github"[^}]*outcome="too_large"[^}]*\} 3""", metrics);
        Assert.DoesNotContain("[ERR]", log);
        Assert.DoesNotContain("   at ", log);
        Assert.Contains($"Hook body of delivery (no id) from GitHub to /update over {Limit} bytes rejected with 413", log);
    }
}
