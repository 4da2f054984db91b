using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitReload.Host.Tests;

public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-otlp-").FullName;
    private readonly ConcurrentQueue<string> received = new();
    private readonly ConcurrentQueue<string> bodies = new();
    private WebApplication collector = null!;

    public async Task InitializeAsync()
    {
        // A stand-in OTLP/HTTP collector on loopback that records which signals arrive.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            bodies.Enqueue(System.Text.Encoding.Latin1.GetString(body.ToArray()));
            received.Enqueue(signal);
            return Results.Ok();
        });
        await collector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await collector.StopAsync();
        await collector.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_metrics_and_traces_are_exported_as_the_service_gitreload()
    {
        Directory.CreateDirectory(Path.Combine(folder, "repos"));
        var environment = new Dictionary<string, string>
        {
            ["REPODIR"] = Path.Combine(folder, "repos"),
            ["STATE_DIR"] = Path.Combine(folder, "state"),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        using var process = GitReloadProcess.Start(folder, environment, "--port", "0");
        try
        {
            var url = await GitReloadProcess.ListeningUrl(process);
            using var client = new HttpClient();
            await client.GetStringAsync(url + "/queue");

            await RunningHost.WaitFor(() => Task.FromResult(received.Contains("metrics") && received.Contains("traces")), TimeSpan.FromSeconds(20));
            // Protobuf keeps strings as they are: the resource's service.name attribute, then its value.
            Assert.All(bodies, b => Assert.Matches(@"service\.name[\s\S]{1,8}gitreload", b));
        }
        finally
        {
            process.Kill();
        }
    }
}
