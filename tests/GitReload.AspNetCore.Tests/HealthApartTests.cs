using System.Net;
using GitReload.AspNetCore.Health;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.AspNetCore.Tests;

/// <summary>GitReload's health and the app's own stay apart unless the app joins them.</summary>
public sealed class HealthApartTests : IDisposable
{
    private readonly TempGit git = new();

    public HealthApartTests() => git.Clone("course");

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task GitReload_health_runs_only_GitReload_checks()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload("/hooks"));
        app.OwnDatabase.Healthy = false;

        var gitReload = await app.Get("/hooks/healthz");
        var body = await gitReload.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Get("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, gitReload.StatusCode);
        Assert.DoesNotContain(OwnDatabaseCheck.Name, body);
        Assert.All(new[] { "\"repodir\"", "\"workers\"", "\"journal\"" }, check => Assert.Contains(check, body));
    }

    [Fact]
    public async Task A_missing_REPODIR_fails_GitReload_health_and_not_the_apps_own()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload("/hooks"));
        Directory.Delete(git.RepoDir, recursive: true);

        var gitReload = await app.Get("/hooks/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gitReload.StatusCode);
        Assert.Contains(git.RepoDir, await gitReload.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Get("/healthz")).StatusCode);
    }

    [Fact]
    public async Task An_app_that_adds_GitReload_checks_to_its_own_health_gets_them_named_and_tagged()
    {
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git),
            a =>
            {
                a.MapGitReload("/hooks");
                a.MapHealthChecks("/healthz/own", new HealthCheckOptions { Predicate = r => !r.Tags.Contains(GitReloadChecks.Tag) });
            },
            b => b.Services.AddHealthChecks().AddGitReloadChecks());
        Directory.Delete(git.RepoDir, recursive: true);

        var joined = await app.Get("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Get("/healthz/own")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Get("/hooks/healthz")).StatusCode);
    }
}
