using System.Text.Json;

// The ceiling for bench/load.sh: bare ASP.NET Core on loopback that reads a push body, parses
// its JSON for repository.name and ref, and answers 200. Nothing GitReload does is cheaper.
// Usage: Ceiling <port>
var port = args.Length > 0 ? args[0] : "5099";
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();

app.MapPost("/update", async (HttpRequest request) =>
{
    using var json = await JsonDocument.ParseAsync(request.Body);
    var root = json.RootElement;
    return root.TryGetProperty("repository", out var repo) && repo.TryGetProperty("name", out var name)
        && root.TryGetProperty("ref", out var pushed)
        ? Results.Text($"{{\"msg\":\"{name.GetString()} {pushed.GetString()}\"}}", "application/json")
        : Results.BadRequest();
});
app.MapGet("/queue", () => Results.Text("{\"queue_length\":0,\"queue\":[]}", "application/json"));

app.Run();
