using System.Text.Json;
using GitReload.Host.Configuration;
using Microsoft.AspNetCore.Builder;

namespace GitReload.Host.Tests;

/// <summary>The real host on real Kestrel, on a free loopback port.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningHost(WebApplication app)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>The host's services, to read what no route shows.</summary>
    public IServiceProvider Services => app.Services;

    public static async Task<RunningHost> Start(GitReloadSettings settings)
    {
        var app = GitReloadApp.Build(settings with { Host = "127.0.0.1", Port = 0 });
        await app.StartAsync();
        return new RunningHost(app);
    }

    public async Task<HttpResponseMessage> Push(string route, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> Queue()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/queue"));
        return json.RootElement.Clone();
    }

    /// <summary>Waits until no job is waiting or running.</summary>
    public async Task WaitUntilIdle(TimeSpan timeout) =>
        await WaitFor(async () => (await Queue()).GetProperty("queue_length").GetInt32() == 0, timeout);

    public static async Task WaitFor(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Condition not met within {timeout}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
