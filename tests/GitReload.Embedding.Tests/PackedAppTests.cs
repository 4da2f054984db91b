using System.Net;
using System.Text.Json;
using GitReload.Adapters.Reporting.Tests;
using GitReload.Tests.Shared;

namespace GitReload.Embedding.Tests;

/// <summary>
/// GitReload from its packages inside someone else's service (tests/GitReload.Embedding.App): the app's
/// Carter scans and maps its own modules, it has its own health check and authorization; GitReload's
/// hooks are open under /hooks, its reads behind the app's authorization under /ops.
/// </summary>
public sealed class PackedAppTests : IDisposable
{
    private readonly TempGit git = new();

    public PackedAppTests() => git.Clone("course");

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_push_to_the_open_hooks_updates_the_checkout_and_its_statuses_reach_the_forge()
    {
        await using var forge = await FakeForge.Start();
        var keys = EmbeddingApp.Keys(git);
        keys["GitReload__GITHUB_TOKEN"] = "ghp-packed";
        keys["GitReload__GITHUB_API_URL"] = forge.Under("api/v3/").ToString();
        await using var app = await EmbeddingApp.Start(keys);
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        var hook = await app.Post("/hooks/update", EmbeddingApp.Push(pushed));

        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        await EmbeddingApp.Eventually(() => TempGit.Head(git.CheckoutOf("course")) == pushed, "the checkout is at the pushed commit");
        await EmbeddingApp.Eventually(() => forge.Calls.Count >= 2, "a pending and a final commit status");
        var calls = forge.Calls.ToArray();
        Assert.All(calls, c => Assert.Equal(("POST", $"/api/v3/repos/org/course/statuses/{pushed}", "Token ghp-packed"), (c.Method, c.Target, c.Authorization)));
        Assert.Contains("\"success\"", calls[1].Body);
    }

    [Fact]
    public async Task Routes_stay_apart_from_the_apps_own_Carter_modules_and_behind_its_authorization()
    {
        var keys = EmbeddingApp.Keys(git);
        keys["GitReload__REPO_DIR"] = "/a/value/never/logged";
        await using var app = await EmbeddingApp.Start(keys);

        Assert.Equal("the app's own route", await app.Client.GetStringAsync("/hello"));
        foreach (var notThere in new[] { "/hooks/hello", "/ops/hello", "/queue", "/jobs", "/dashboard", "/hooks/queue" })
            Assert.Equal((notThere, HttpStatusCode.NotFound), (notThere, (await app.Get(notThere, EmbeddingApp.ApiKey)).StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Post("/update", EmbeddingApp.Push("abc"))).StatusCode);
        foreach (var read in new[] { "/ops/queue", "/ops/jobs", "/ops/dashboard" })
        {
            Assert.Equal((read, HttpStatusCode.Unauthorized), (read, (await app.Get(read)).StatusCode));
            Assert.Equal((read, HttpStatusCode.OK), (read, (await app.Get(read, EmbeddingApp.ApiKey)).StatusCode));
        }
        Assert.Contains(app.Output, l => l.Contains("warn", StringComparison.Ordinal) && l.Contains("REPO_DIR", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Output, l => l.Contains("/a/value/never/logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_app_that_never_imports_answers_404_on_the_import_routes()
    {
        var keys = EmbeddingApp.Keys(git);
        keys["GitReload__ROUTES__0"] = "update";
        await using var app = await EmbeddingApp.Start(keys);
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        Assert.Equal(HttpStatusCode.NotFound, (await app.Post("/hooks/", EmbeddingApp.Push(pushed))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Post("/hooks/gitreload", EmbeddingApp.Push(pushed))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Post("/hooks/update", EmbeddingApp.Push(pushed))).StatusCode);
    }

    [Fact]
    public async Task GitReload_health_runs_only_its_own_checks()
    {
        var keys = EmbeddingApp.Keys(git);
        keys["App__OwnDatabaseDown"] = "true";
        await using var app = await EmbeddingApp.Start(keys);

        var gitReload = await app.Get("/ops/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Get("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, gitReload.StatusCode);
        Assert.DoesNotContain("own-db", await gitReload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_REPODIR_fails_GitReload_health_and_the_apps_own_only_when_it_joined_them()
    {
        var keys = EmbeddingApp.Keys(git);
        await using (var apart = await EmbeddingApp.Start(keys))
        {
            Directory.Delete(git.RepoDir, recursive: true);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await apart.Get("/ops/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await apart.Get("/healthz")).StatusCode);
        }

        keys["App__GitReloadInHealth"] = "true";
        await using var joined = await EmbeddingApp.Start(keys);
        var health = await joined.Get("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    [Fact]
    public async Task GitReload_routes_are_in_an_openapi_document_of_their_own()
    {
        await using var app = await EmbeddingApp.Start(EmbeddingApp.Keys(git));

        var own = await Paths(app, "/openapi/v1.json");
        var gitReload = await Paths(app, "/openapi/gitreload.json");

        Assert.Equal(new[] { "/hello" }, own);
        Assert.All(new[] { "/hooks", "/hooks/gitreload", "/hooks/update", "/ops/queue", "/ops/jobs", "/ops/dashboard", "/ops/healthz" }, route => Assert.Contains(route, gitReload));
        Assert.DoesNotContain("/hello", gitReload);
    }

    private static async Task<string[]> Paths(EmbeddingApp app, string document)
    {
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync(document));
        return json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
    }
}
