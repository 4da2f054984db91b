using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Carter;
using GitReload.Adapters.Http.Hooks;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitReload.AspNetCore.Tests;

/// <summary>
/// An ASP.NET Core service of its own on real Kestrel on loopback: a Carter module that Carter finds by
/// scanning, a health check, an authentication scheme, an OpenAPI document, and GitReload configured
/// from the section <c>GitReload</c> and mapped as each test says.
/// </summary>
internal sealed class AppWithGitReload : IAsyncDisposable
{
    private readonly WebApplication app;

    private AppWithGitReload(WebApplication app, LogRecorder logs)
    {
        this.app = app;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public LogRecorder Logs { get; }

    public OwnDatabaseCheck OwnDatabase => app.Services.GetRequiredService<OwnDatabaseCheck>();

    public static async Task<AppWithGitReload> Start(
        IReadOnlyDictionary<string, string?> gitReload, Action<WebApplication> map, Action<WebApplicationBuilder>? more = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new LogRecorder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(gitReload.Select(k => KeyValuePair.Create("GitReload:" + k.Key, k.Value)));

        // Scanning on purpose: an app's AddCarter() looks into every assembly it is given, GitReload's too.
        builder.Services.AddCarter(new DependencyContextAssemblyCatalog(
            typeof(HelloModule).Assembly, typeof(GitReloadEndpoints).Assembly, typeof(HooksModule).Assembly));
        builder.Services.AddAuthentication(ApiKeyAuthentication.Name)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Name, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<OwnDatabaseCheck>();
        builder.Services.AddHealthChecks().AddCheck<OwnDatabaseCheck>(OwnDatabaseCheck.Name);
        builder.Services.AddOpenApi();
        builder.Services.AddOpenApi(GitReloadEndpoints.OpenApiDocument, o => o.ShouldInclude = d => d.GroupName == GitReloadEndpoints.OpenApiDocument);
        builder.Services.AddGitReload(builder.Configuration.GetSection("GitReload"));
        more?.Invoke(builder);

        var app = builder.Build();
        app.MapCarter();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        map(app);
        await app.StartAsync();
        return new AppWithGitReload(app, logs);
    }

    /// <summary>The GitReload keys of a service whose checkouts are in <paramref name="git"/>.</summary>
    public static Dictionary<string, string?> Keys(TempGit git) => new()
    {
        ["REPODIR"] = git.RepoDir,
        ["STATE_DIR"] = Path.Combine(git.Root, "state"),
        ["FOLLOW_UP_QUIET_SECONDS"] = "0",
    };

    /// <summary>A GitHub push of <paramref name="after"/> to master of <c>org/course</c>.</summary>
    public static string Push(string after, int padding = 0)
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        json["repository"]!["name"] = "course";
        json["repository"]!["full_name"] = "org/course";
        json["after"] = after;
        if (padding > 0)
            json["padding"] = new string('x', padding);
        return json.ToJsonString();
    }

    public Task<HttpResponseMessage> Post(string route, string body, string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> Get(string route, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (apiKey is not null)
            request.Headers.Add(ApiKeyAuthentication.Header, apiKey);
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
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
