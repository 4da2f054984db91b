using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Reporting.Tests;

/// <summary>A forge API (or chat webhook) on real Kestrel on loopback: records every call and answers as told.</summary>
internal sealed class FakeForge : IAsyncDisposable
{
    public sealed record Call(string Method, string Target, string? Authorization, string? PrivateToken, string Body);

    private readonly WebApplication app;

    private FakeForge(WebApplication app) => this.app = app;

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>The status of each answer in turn; the last one again once they run out.</summary>
    public int[] Answers { get; set; } = [201];

    /// <summary>Answers wait until this completes (after <see cref="Delay"/>).</summary>
    public Task Held { get; set; } = Task.CompletedTask;

    /// <summary>How many calls have been answered.</summary>
    public int Answered => answered;

    private int answered;

    /// <summary>How long each answer waits.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public Uri Url => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

    public Uri Under(string path) => new(Url, path);

    public static async Task<FakeForge> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var forge = new FakeForge(app);
        app.Run(forge.Answer);
        await app.StartAsync();
        return forge;
    }

    /// <summary>A loopback URL on which nothing listens: connection refused.</summary>
    public static Uri Dead()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private async Task Answer(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var n = Calls.Count;
        Calls.Enqueue(new Call(
            context.Request.Method, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["PRIVATE-TOKEN"].FirstOrDefault(), body));
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, context.RequestAborted);
        await Held.WaitAsync(context.RequestAborted);
        Interlocked.Increment(ref answered);
        context.Response.StatusCode = Answers[Math.Min(n, Answers.Length - 1)];
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(context.Response.StatusCode < 300 ? "{}" : """{"message":"Validation Failed"}""");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
