using System.Net;
using System.Text;
using System.Text.Json;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GitReload.AspNetCore.Tests;

/// <summary>GitReload's routes and the app's own stay apart, whatever the app does with Carter, auth and OpenAPI.</summary>
public sealed class RoutesApartTests : IDisposable
{
    private readonly TempGit git = new();

    public RoutesApartTests() => git.Clone("course");

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task GitReload_answers_only_under_its_prefix_and_the_apps_Carter_module_only_at_its_own_route()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload("/hooks"));

        Assert.Equal("the app's own route", await app.Client.GetStringAsync("/hello"));
        foreach (var read in new[] { "/hooks/queue", "/hooks/jobs", "/hooks/dashboard", "/hooks/healthz" })
            Assert.Equal((read, HttpStatusCode.OK), (read, (await app.Get(read)).StatusCode));
        foreach (var elsewhere in new[] { "/queue", "/jobs", "/dashboard", "/hooks/hello" })
            Assert.Equal((elsewhere, HttpStatusCode.NotFound), (elsewhere, (await app.Get(elsewhere)).StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Post("/update", AppWithGitReload.Push("abc"))).StatusCode);
    }

    [Fact]
    public async Task Hooks_stay_open_while_the_reads_sit_behind_the_apps_own_authorization()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a =>
        {
            a.MapGitReloadHooks("/hooks");
            a.MapGitReloadReads("/ops").RequireAuthorization();
            a.MapGitReloadHealth("/ops");
        });
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        var hook = await app.Post("/hooks/update", AppWithGitReload.Push(pushed));

        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        await AppWithGitReload.Eventually(() => TempGit.Head(git.CheckoutOf("course")) == pushed, "the checkout is at the pushed commit");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Get("/ops/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Get("/ops/jobs", apiKey: "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Get("/ops/dashboard")).StatusCode);
        Assert.Contains("\"succeeded\"", await (await app.Get("/ops/jobs", ApiKeyAuthentication.Key)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Get("/ops/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Get("/hooks/queue", ApiKeyAuthentication.Key)).StatusCode);
    }

    [Fact]
    public async Task A_service_that_never_imports_maps_no_import_route()
    {
        var keys = AppWithGitReload.Keys(git);
        keys["ROUTES:0"] = "update";
        keys["ADMIN_TOKEN"] = "operator-token";
        await using var app = await AppWithGitReload.Start(keys, a => a.MapGitReload("/hooks"));
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        foreach (var import in new[] { "/hooks", "/hooks/gitreload" })
            Assert.Equal((import, HttpStatusCode.NotFound), (import, (await app.Post(import, AppWithGitReload.Push(pushed))).StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await Operator(app, "/hooks/repos/course/import")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Post("/hooks/update", AppWithGitReload.Push(pushed))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Operator(app, "/hooks/repos/course/update")).StatusCode);
    }

    [Fact]
    public async Task GitReload_routes_are_an_openapi_document_of_their_own()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload("/hooks"));

        var own = await Paths(app, "/openapi/v1.json");
        var gitReload = await Paths(app, $"/openapi/{GitReloadEndpoints.OpenApiDocument}.json");

        Assert.Contains("/hello", own);
        Assert.DoesNotContain(own, p => p.StartsWith("/hooks", StringComparison.Ordinal));
        Assert.All(new[] { "/hooks", "/hooks/gitreload", "/hooks/update", "/hooks/queue", "/hooks/jobs", "/hooks/jobs/{id}", "/hooks/dashboard", "/hooks/healthz", "/hooks/repos/{name}/update" },
            route => Assert.Contains(route, gitReload));
        Assert.DoesNotContain("/hello", gitReload);
    }

    [Fact]
    public async Task Hooks_take_bodies_up_to_MAX_PAYLOAD_BYTES_whatever_the_apps_own_request_limit()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload("/hooks"),
            b => b.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 2000));
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        var large = AppWithGitReload.Push(pushed, padding: 20_000);

        Assert.Equal(HttpStatusCode.OK, (await app.Post("/hooks/update", large)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await app.Client.PostAsync("/echo", new StringContent(large, Encoding.UTF8))).StatusCode);
    }

    [Fact]
    public async Task A_hook_body_over_MAX_PAYLOAD_BYTES_is_answered_413_by_GitReload()
    {
        var keys = AppWithGitReload.Keys(git);
        keys["MAX_PAYLOAD_BYTES"] = "5000";
        await using var app = await AppWithGitReload.Start(keys, a => a.MapGitReload("/hooks"));

        var response = await app.Post("/hooks/update", AppWithGitReload.Push("abc", padding: 20_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.Contains("5000", StringComparison.Ordinal) && l.Contains("413", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> Operator(AppWithGitReload app, string route)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "operator-token");
        return app.Client.SendAsync(request);
    }

    private static async Task<string[]> Paths(AppWithGitReload app, string document)
    {
        using var json = JsonDocument.Parse(await app.Client.GetStringAsync(document));
        return json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
    }
}
