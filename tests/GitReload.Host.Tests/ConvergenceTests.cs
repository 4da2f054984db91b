using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitReload.Application.Ports;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.Host.Tests;

/// <summary>
/// Checkouts converge to origin without webhooks: the real host on real Kestrel, real clones, a real
/// import process, and a reconcile loop on a short <c>POLL_SECONDS</c>.
/// </summary>
public sealed class ConvergenceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private string LogFile => Path.Combine(git.Root, "logs", "gitreload.log");

    private Task<RunningHost> Start(StubPython python, string poll, Dictionary<string, string?>? more = null)
    {
        var keys = new Dictionary<string, string?> { ["POLL_SECONDS"] = "1", ["POLL"] = poll, ["LOG_LEVEL"] = "info", ["LOG_FILE_PATH"] = LogFile };
        foreach (var (key, value) in more ?? [])
            keys[key] = value;
        return RunningHost.Start(Some.Settings(git.RepoDir, python, more: keys));
    }

    private static async Task<JsonElement> Jobs(RunningHost host)
    {
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/jobs"));
        return json.RootElement.GetProperty("jobs").Clone();
    }

    private static async Task<Seq<OriginSeen>> Known(RunningHost host) =>
        (await host.Services.GetRequiredService<IOriginLedger>().Known(default)).Match(k => k, e => throw new Xunit.Sdk.XunitException(e.Message));

    // Waits until origin of repo was asked after `since`, by a round that began after it.
    private static async Task<OriginSeen> AskedAfter(RunningHost host, string repo, DateTimeOffset since)
    {
        var found = Option<OriginSeen>.None;
        await RunningHost.WaitFor(async () => (found = (await Known(host)).Find(o => o.Repo.Value == repo && o.AskedAt > since)).IsSome, Patience);
        return found.IfNone(() => throw new InvalidOperationException());
    }

    private string[] LogLines() => File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];

    [Fact]
    public async Task A_push_with_no_webhook_is_picked_up_within_a_poll_interval_by_a_job_started_by_poll()
    {
        var checkout = git.Clone("course");
        await using var host = await Start(new StubPython(git.Root), """{"*": "update"}""");

        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        await RunningHost.WaitFor(() => Task.FromResult(TempGit.Head(checkout) == pushed), Patience);
        // HEAD moves a moment before the job's end is written.
        await RunningHost.WaitFor(async () => (await Jobs(host)).EnumerateArray().First().GetProperty("status").GetString() != "running", Patience);

        var job = (await Jobs(host)).EnumerateArray().First();
        Assert.Equal(("poll", "succeeded", pushed), (job.GetProperty("trigger").GetString(), job.GetProperty("status").GetString(), job.GetProperty("sha_after").GetString()));
        var id = job.GetProperty("job_id").GetInt64();
        using (var one = JsonDocument.Parse(await host.Client.GetStringAsync($"/jobs/{id}")))
            Assert.Equal("poll", one.RootElement.GetProperty("trigger").GetString());
        Assert.Contains("<td data-label=\"Action\">update <span class=\"muted\">poll</span></td>", await host.Client.GetStringAsync("/dashboard"));
        Assert.Contains("<dt>Started by</dt><dd>poll</dd>", await host.Client.GetStringAsync($"/dashboard/jobs/{id}"));
        // The job's end is written to the journal before it is counted, so the counter may lag /jobs by a moment.
        var counted = new Regex("""gitreload_jobs_total\{[^}]*action="update"[^}]*status="succeeded"[^}]*trigger="poll"[^}]*\} 1""");
        await RunningHost.WaitFor(async () => counted.IsMatch(await host.Client.GetStringAsync("/metrics")), Patience);
    }

    [Fact]
    public async Task Following_imports_imports_nothing_at_start_then_once_per_commit_origin_moves_to()
    {
        git.Clone("course");
        var python = new StubPython(git.Root);
        var started = DateTimeOffset.UtcNow;
        await using var host = await Start(python, """{"course": "import"}""");

        var baseline = await AskedAfter(host, "course", started);
        await AskedAfter(host, "course", baseline.AskedAt);
        Assert.Empty(python.Runs());

        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        await RunningHost.WaitFor(() => Task.FromResult(python.Runs().Length == 1), Patience);
        await host.WaitUntilIdle(Patience);
        var imported = DateTimeOffset.UtcNow;
        await AskedAfter(host, "course", (await AskedAfter(host, "course", imported)).AskedAt);

        Assert.Single(python.Runs());
        var job = Assert.Single((await Jobs(host)).EnumerateArray());
        Assert.Equal(("poll", "COURSE_IMPORT", "succeeded"), (job.GetProperty("trigger").GetString(), job.GetProperty("action").GetString(), job.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_dashboard_shows_a_checkout_behind_origin_and_an_origin_that_cannot_be_reached_and_health_stays_200()
    {
        git.Clone("course");
        var broken = git.Clone("broken");
        var missing = Path.Combine(git.Root, "nowhere.git");
        TempGit.Run(broken, "remote", "set-url", "origin", missing);
        var started = DateTimeOffset.UtcNow;
        await using var host = await Start(new StubPython(git.Root), """{"course": "import", "broken": "update"}""");
        await AskedAfter(host, "course", started);

        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        await RunningHost.WaitFor(async () => (await Known(host)).Exists(o => o.Repo.Value == "course" && o.Commit.Exists(c => c == pushed)), Patience);
        var seenBroken = await AskedAfter(host, "broken", (await AskedAfter(host, "broken", started)).AskedAt);
        var page = await host.Client.GetStringAsync("/dashboard");
        var health = await host.Client.GetAsync("/healthz");

        var course = Row(page, "course");
        Assert.Contains("behind origin", course);
        Assert.Contains($"title=\"{pushed}\"", course);
        var brokenRow = Row(page, "broken");
        Assert.Contains("origin unreachable</span> since", brokenRow);
        Assert.Contains($"git ls-remote of broken (origin {missing}) failed", brokenRow);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.StartsWith("1 of 2 origin(s) unreachable (not this service's fault): broken since ",
            body.RootElement.GetProperty("checks").GetProperty("origins").GetProperty("description").GetString());
        Assert.True(seenBroken.Unreachable);
    }

    [Fact]
    public async Task An_origin_that_cannot_be_asked_is_logged_once_when_it_fails_and_once_when_it_answers_again_and_queues_nothing()
    {
        var checkout = git.Clone("course");
        TempGit.Run(checkout, "remote", "set-url", "origin", Path.Combine(git.Root, "moved.git"));
        var started = DateTimeOffset.UtcNow;
        await using var host = await Start(new StubPython(git.Root), """{"*": "update"}""");
        var seen = await AskedAfter(host, "course", started);
        seen = await AskedAfter(host, "course", seen.AskedAt);
        seen = await AskedAfter(host, "course", seen.AskedAt);

        TempGit.Run(checkout, "remote", "set-url", "origin", git.OriginOf("course"));
        await RunningHost.WaitFor(async () => (await Known(host)).Exists(o => o.Repo.Value == "course" && !o.Unreachable), Patience);
        await RunningHost.WaitFor(() => Task.FromResult(LogLines().Any(l => l.Contains("Origin of course (branch master) answers again", StringComparison.Ordinal))), Patience);

        Assert.Single(LogLines(), l => l.Contains("Origin of course (branch master) cannot be asked", StringComparison.Ordinal));
        Assert.Empty((await Jobs(host)).EnumerateArray());
    }

    [Fact]
    public async Task A_checkout_POLL_names_that_is_not_under_REPODIR_is_logged_once_and_the_others_are_still_followed()
    {
        git.Clone("course");
        var started = DateTimeOffset.UtcNow;
        await using var host = await Start(new StubPython(git.Root), """{"course": "update", "ghost": "update"}""");
        var seen = await AskedAfter(host, "course", started);
        seen = await AskedAfter(host, "course", seen.AskedAt);
        await AskedAfter(host, "course", seen.AskedAt);

        Assert.Single(LogLines(), l => l.Contains("POLL names ghost, but there is no checkout of that name under REPODIR", StringComparison.Ordinal));
        Assert.DoesNotContain(await Known(host), o => o.Repo.Value == "ghost");
    }

    [Fact]
    public async Task A_job_an_operator_asks_for_is_started_by_manual_and_one_a_push_asks_for_by_push()
    {
        git.Clone("course");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root), more: new() { ["ADMIN_TOKEN"] = "operator-token" }));
        var manual = new HttpRequestMessage(HttpMethod.Post, "/repos/course/update");
        manual.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "operator-token");
        (await host.Client.SendAsync(manual)).EnsureSuccessStatusCode();
        await host.WaitUntilIdle(Patience);
        (await host.Push("/update", Some.PushTo("course", git.Commit("course", "chapter.xml", "<chapter/>")))).EnsureSuccessStatusCode();
        await host.WaitUntilIdle(Patience);

        var triggers = (await Jobs(host)).EnumerateArray().Select(j => j.GetProperty("trigger").GetString()!).ToArray();
        Assert.Equal(["push", "manual"], triggers);
        await RunningHost.WaitFor(async () => System.Text.RegularExpressions.Regex.IsMatch(await host.Client.GetStringAsync("/metrics"), """gitreload_jobs_total\{[^}]*trigger="manual"[^}]*\} 1"""), Patience);
    }

    [Fact]
    public async Task A_redelivery_of_a_delivery_whose_job_failed_queues_a_new_job_and_of_one_that_succeeded_does_not()
    {
        var checkout = git.Clone("course");
        var origin = git.OriginOf("course");
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        Directory.Move(origin, origin + ".away");

        var first = await Deliver(host, pushed, "delivery-1");
        await host.WaitUntilIdle(Patience);
        Directory.Move(origin + ".away", origin);
        var redelivered = await Deliver(host, pushed, "delivery-1");
        await host.WaitUntilIdle(Patience);
        var again = await Deliver(host, pushed, "delivery-1");

        Assert.Equal(("Added git update task to queue. Queue size was 1", 1L), first);
        Assert.Equal(("Added git update task to queue. Queue size was 1", 2L), redelivered);
        Assert.Equal(("Delivery already received", 2L), again);
        Assert.Equal(pushed, TempGit.Head(checkout));
        var statuses = (await Jobs(host)).EnumerateArray().Select(j => j.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["succeeded", "failed"], statuses);
    }

    private static async Task<(string Msg, long JobId)> Deliver(RunningHost host, string after, string deliveryId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(Some.PushTo("course", after), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        var response = await host.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("msg").GetString()!, json.RootElement.GetProperty("job_id").GetInt64());
    }

    // The checkouts table's row of one repository.
    private static string Row(string page, string repo)
    {
        var section = page[page.IndexOf("<section id=\"checkouts\">", StringComparison.Ordinal)..];
        var start = section.IndexOf($"<td data-label=\"Repository\">{repo}</td>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {repo}");
        return section[start..section.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
