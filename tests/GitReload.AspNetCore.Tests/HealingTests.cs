using System.Text.Json;
using GitReload.Application.Ports;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.AspNetCore.Tests;

/// <summary>
/// A failed update heals: the whole service on real Kestrel, a real checkout whose origin is a real
/// <c>git daemon</c> taken down and brought back, and an injected clock that the test moves on.
/// </summary>
public sealed class HealingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private GitDaemon daemon = null!;
    private WebApplication app = null!;
    private HttpClient client = null!;
    private string checkout = "";

    public async Task InitializeAsync()
    {
        checkout = git.Clone("course");
        daemon = new GitDaemon(git.Root);
        TempGit.Run(checkout, "remote", "set-url", "origin", daemon.UrlOf(git.OriginOf("course")));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGitReload(options =>
        {
            options.RepoDir = git.RepoDir;
            options.StateDir = Path.Combine(git.Root, "state");
            options.MaxAttempts = 1;
            options.FollowUpQuietSeconds = 0;
            options.GitTimeoutSeconds = 20;
        });
        app = builder.Build();
        app.MapGitReload();
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Patience };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        daemon.Dispose();
        git.Dispose();
    }

    private async Task<JsonElement> Job(long id)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/jobs/{id}"));
        return json.RootElement.Clone();
    }

    private async Task<JsonElement> Ended(long id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.GetAsync($"/jobs/{id}");
            if (response.IsSuccessStatusCode)
            {
                var job = await Job(id);
                if (job.GetProperty("status").GetString() is "succeeded" or "failed")
                    return job;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id} did not end within {Patience}");
            await Task.Delay(50);
        }
    }

    private Task<HttpResponseMessage> Push(string after)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(AppWithGitReload.Push(after), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        return client.SendAsync(request);
    }

    private static DateTimeOffset Time(JsonElement job, string field) => DateTimeOffset.Parse(job.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_failed_update_is_shown_scheduled_then_tried_again_after_one_then_two_then_five_minutes_until_origin_is_back()
    {
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        (await Push(pushed)).EnsureSuccessStatusCode();
        var failed = await Ended(1);
        Assert.Equal(("failed", "push"), (failed.GetProperty("status").GetString(), failed.GetProperty("trigger").GetString()));
        Assert.Contains("origin could not be reached", failed.GetProperty("error").GetString());

        var dashboard = await client.GetStringAsync("/dashboard");
        Assert.Contains("Retries scheduled (1)", dashboard);
        Assert.Contains($"""<td data-label="Failed job"><a href="dashboard/jobs/1">#1</a></td><td data-label="Repository">course</td><td data-label="Action">update</td><td data-label="Branch">master</td><td data-label="Retry">#1</td>""", dashboard);
        Assert.Contains($"title=\"{(Time(failed, "finished_at") + TimeSpan.FromMinutes(1)).UtcDateTime:yyyy-MM-dd HH:mm:ss}Z\">in ", dashboard);

        var ends = new List<JsonElement> { failed };
        foreach (var (wait, id) in new[] { (TimeSpan.FromMinutes(1), 2L), (TimeSpan.FromMinutes(2), 3L) })
        {
            clock.Advance(wait);
            var retry = await Ended(id);
            Assert.Equal(("failed", "retry"), (retry.GetProperty("status").GetString(), retry.GetProperty("trigger").GetString()));
            Assert.True(Time(retry, "queued_at") - Time(ends[^1], "finished_at") >= wait, "a retry came before its wait was over");
            ends.Add(retry);
        }

        await daemon.Start();
        clock.Advance(TimeSpan.FromMinutes(5));
        var healed = await Ended(4);

        Assert.Equal(("succeeded", "retry", pushed), (healed.GetProperty("status").GetString(), healed.GetProperty("trigger").GetString(), healed.GetProperty("sha_after").GetString()));
        Assert.Equal(pushed, TempGit.Head(checkout));
        Assert.Empty((await app.Services.GetRequiredService<IHealLedger>().Pending(default)).Match(p => p, e => throw new Xunit.Sdk.XunitException(e.Message)));
        Assert.DoesNotContain("Retries scheduled", await client.GetStringAsync("/dashboard"));
    }
}
