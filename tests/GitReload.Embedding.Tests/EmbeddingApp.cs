using System.Diagnostics;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using GitReload.Tests.Shared;

namespace GitReload.Embedding.Tests;

/// <summary>The embedding app built from the packages, as its own process on a free loopback port.</summary>
internal sealed class EmbeddingApp : IAsyncDisposable
{
    public const string ApiKey = "let-me-in";

    private readonly Process process;

    private EmbeddingApp(Process process, Uri url, ConcurrentQueue<string> output)
    {
        this.process = process;
        Output = output;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>Everything the app wrote to its console.</summary>
    public ConcurrentQueue<string> Output { get; }

    /// <summary>The keys of a service whose checkouts are in <paramref name="git"/>.</summary>
    public static Dictionary<string, string> Keys(TempGit git) => new()
    {
        ["GitReload__REPODIR"] = git.RepoDir,
        ["GitReload__STATE_DIR"] = Path.Combine(git.Root, "state"),
        ["GitReload__FOLLOW_UP_QUIET_SECONDS"] = "0",
        ["App__ApiKey"] = ApiKey,
    };

    public static async Task<EmbeddingApp> Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Packed.App);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        void Read(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException("The app ended before it listened:\n" + string.Join('\n', output)));
                return;
            }
            output.Enqueue(line);
            var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0)
                listening.TrySetResult(new Uri(line[(at + "Now listening on: ".Length)..].Trim()));
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            return new EmbeddingApp(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)), output);
        }
        catch
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>A GitHub push of <paramref name="after"/> to master of <c>org/course</c>.</summary>
    public static string Push(string after)
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        json["repository"]!["name"] = "course";
        json["repository"]!["full_name"] = "org/course";
        json["after"] = after;
        return json.ToJsonString();
    }

    public Task<HttpResponseMessage> Post(string route, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> Get(string route, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (apiKey is not null)
            request.Headers.Add("X-Api-Key", apiKey);
        return Client.SendAsync(request);
    }

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Not within 30 s: " + what);
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
