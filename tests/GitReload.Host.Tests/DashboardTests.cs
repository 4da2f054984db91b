using System.Net;
using Microsoft.Extensions.DependencyInjection;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary><c>GET /dashboard</c> and <c>GET /dashboard/jobs/{id}</c> through the real host on real Kestrel.</summary>
public sealed class DashboardTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private static async Task<string> Section(RunningHost host, string id, string query = "")
    {
        var page = await host.Client.GetStringAsync("/dashboard" + query);
        var start = page.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal);
        return page[start..(page.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    [Fact]
    public async Task The_dashboard_shows_running_and_waiting_jobs_then_their_history_and_every_checkout()
    {
        var alpha = git.Clone("alpha");
        git.Clone("beta");
        var quiet = git.Clone("quiet");
        var release = Path.Combine(git.Root, "release");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root, waitForFile: release)));

        await host.Push("/", Some.PushTo("alpha", "aaaaaaa1111111"));
        await host.Push("/", Some.PushTo("beta", "bbbbbbb2222222"));
        await RunningHost.WaitFor(async () => (await Section(host, "queue")).Contains("running", StringComparison.Ordinal), Patience);

        var queue = await Section(host, "queue");
        Assert.Contains("Waiting and running (2)", queue);
        Assert.Matches("#1</a>.*running.*alpha.*import.*master.*aaaaaaa<", queue.ReplaceLineEndings(" "));
        Assert.Matches("#2</a>.*queued.*beta.*import.*master.*bbbbbbb<", queue.ReplaceLineEndings(" "));

        File.WriteAllText(release, "");
        await host.WaitUntilIdle(Patience);

        Assert.Contains("Nothing waiting or running.", await Section(host, "queue"));
        var recent = (await Section(host, "recent")).ReplaceLineEndings(" ");
        Assert.True(recent.IndexOf("#2</a>", StringComparison.Ordinal) < recent.IndexOf("#1</a>", StringComparison.Ordinal), "newest first");
        Assert.Equal(2, CountOf(recent, "status succeeded"));
        Assert.Contains("href=\"dashboard/jobs/1\">output</a>", recent);
        Assert.Matches(@"Duration"">\d+(\.\d)? s<", recent);

        var checkouts = (await Section(host, "checkouts")).ReplaceLineEndings(" ");
        Assert.Contains("Checkouts (3)", checkouts);
        Assert.Matches($"alpha</td>.*master.*{TempGit.Head(alpha)[..7]}.*#1</a> import .*succeeded", checkouts);
        Assert.Matches($"quiet</td><td[^>]*><span class=\"status succeeded\">up to date</span></td><td[^>]*>master</td><td[^>]*><code title=\"{TempGit.Head(quiet)}\">{TempGit.Head(quiet)[..7]}</code></td><td[^>]*>—", checkouts);
        Assert.Contains("3 checkouts</strong>: <a href=\"?status=ok\">3 up to date</a>", await Section(host, "summary"));
        Assert.Contains("Nothing needs a person.", await Section(host, "attention"));
    }

    [Fact]
    public async Task A_finished_update_shows_its_shas_and_the_checkouts_new_head()
    {
        var checkout = git.Clone("course");
        var before = TempGit.Head(checkout);
        var pushed = git.Commit("course", "a.txt", "a");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        await host.Push("/update", Some.PushTo("course", pushed));
        await host.WaitUntilIdle(Patience);

        Assert.Contains($"<code title=\"{before}\">{before[..7]}</code> → <code title=\"{pushed}\">{pushed[..7]}</code>", await Section(host, "recent"));
        Assert.Contains($"<td data-label=\"HEAD\"><code title=\"{pushed}\">{pushed[..7]}</code></td>", await Section(host, "checkouts"));
        var job = await host.Client.GetStringAsync("/dashboard/jobs/1");
        Assert.Contains("<h1>Job #1: update course <span class=\"status succeeded\">", job);
        Assert.Contains($"<dt>After</dt><dd><code>{pushed}</code>", job);
        Assert.DoesNotContain("http-equiv=\"refresh\"", job);
    }

    [Fact]
    public async Task Repository_names_payload_values_and_job_output_are_shown_as_text_never_as_markup()
    {
        const string hostile = "<img src=x onerror=alert(1)>";
        git.Clone(hostile);
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root, say: "<script>alert(\"pwned\")</script> & done")));

        await host.Push("/", Some.PushTo(hostile, "<b>not-a-sha</b>"));
        await host.WaitUntilIdle(Patience);

        var dashboard = await host.Client.GetStringAsync("/dashboard");
        Assert.DoesNotContain("<img", dashboard);
        Assert.DoesNotContain("<b>not", dashboard);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", dashboard);
        var response = await host.Client.GetAsync("/dashboard/jobs/1");
        var job = await response.Content.ReadAsStringAsync();
        Assert.Contains("<pre id=\"output\">&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; done", job);
        Assert.DoesNotContain("<script", job);
        Assert.DoesNotContain("<img", job);
        Assert.StartsWith("default-src 'none';", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_dashboard_is_a_self_contained_page_for_a_phone_that_reloads_itself()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var response = await host.Client.GetAsync("/dashboard");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", page);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"5\">", page);
        Assert.DoesNotContain("src=", page);
        Assert.DoesNotContain("<link", page);
        Assert.DoesNotContain("<script", page);
        Assert.Contains("No checkout under REPODIR.", page);
    }

    [Fact]
    public async Task A_folder_another_user_owns_is_named_first_with_what_to_do_and_leaves_once_it_is_chowned()
    {
        var course = git.Clone("course");
        TempGit.Chown(course, 65534);
        git.Clone("fine");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        await RunningHost.WaitFor(async () => (await host.Client.GetStringAsync("/dashboard")).Contains("<section id=\"refused\"", StringComparison.Ordinal), Patience);
        var page = await host.Client.GetStringAsync("/dashboard");
        var refused = await Section(host, "refused");

        Assert.Contains("<title>GitReload: 1 need a look, 0 in queue</title>", page);
        Assert.Contains("No checkout needs a person; the 1 folder(s) below do.", await Section(host, "attention"));
        Assert.Contains("Folders in REPODIR that cannot be used (1)", refused);
        Assert.Matches("<td data-label=\"Folder\">course</td>.*is owned by uid 65534, not by uid 0 that GitReload runs as.*chown -R it to uid 0", refused.ReplaceLineEndings(" "));
        Assert.True(page.IndexOf("id=\"refused\"", StringComparison.Ordinal) < page.IndexOf("id=\"queue\"", StringComparison.Ordinal));
        Assert.Contains("Checkouts (1)", await Section(host, "checkouts"));
        var health = await host.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains($"REPODIR {git.RepoDir} is readable; 1 folder(s) in it cannot be used, /dashboard says why: course\"", await health.Content.ReadAsStringAsync());

        // Mended by hand: the next scan of REPODIR (a registration, as at every minute's rescan) lists it as a checkout.
        TempGit.Chown(course, 0);
        await host.Services.GetRequiredService<GitReload.AspNetCore.Fleet.FleetPresence>().RegisterAll(CancellationToken.None);
        page = await host.Client.GetStringAsync("/dashboard");

        Assert.DoesNotContain("id=\"refused\"", page);
        Assert.Contains("Checkouts (2)", await Section(host, "checkouts"));
        Assert.Contains($"REPODIR {git.RepoDir} is readable\"", await host.Client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task A_job_the_journal_does_not_hold_is_a_404_page()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var missing = await host.Client.GetAsync("/dashboard/jobs/42");
        var garbage = await host.Client.GetAsync("/dashboard/jobs/%3Cx%3E");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (missing.StatusCode, garbage.StatusCode));
        Assert.Contains("The journal holds no job #42.", await missing.Content.ReadAsStringAsync());
        Assert.Contains("#&lt;x&gt;", await garbage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_leads_with_a_failed_checkout_summarises_the_rest_and_lists_one_page_at_a_time()
    {
        for (var i = 1; i <= 60; i++)
            git.Clone($"course-{i:00}");
        var broken = git.Clone("broken");
        TempGit.Run(broken, "remote", "set-url", "origin", Path.Combine(git.Root, "gone.git"));
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        await host.Push("/update", Some.PushTo("broken"));
        await host.WaitUntilIdle(Patience);

        Assert.Contains("61 checkouts</strong>: <a href=\"?status=failed\">1 failed</a> · <a href=\"?status=ok\">60 up to date</a>", await Section(host, "summary"));
        var attention = await Section(host, "attention");
        Assert.Contains("Needs a person (1)", attention);
        Assert.Matches("broken</td><td[^>]*><span class=\"status failed\">failed</span><div class=\"error\">[^<]*gone.git", attention);
        var first = await Section(host, "checkouts");
        Assert.Contains("Checkouts (61)", first);
        Assert.Equal(50, CountOf(first, "<tr><td"));
        Assert.Contains("Page 1 of 2 · <a href=\"?page=2\" rel=\"next\">next</a>", first);
        var second = await Section(host, "checkouts", "?page=2");
        Assert.Equal(11, CountOf(second, "<tr><td"));
        Assert.Contains("Page 2 of 2 · <a href=\"?\" rel=\"prev\">previous</a>", second);
        var failed = await Section(host, "checkouts", "?status=failed");
        Assert.Contains("Checkouts (1 of 61)", failed);
        Assert.Equal(1, CountOf(failed, "<tr><td"));
        Assert.Contains("broken</td>", failed);
        var named = await Section(host, "checkouts", "?repo=COURSE-0&status=");
        Assert.Equal(9, CountOf(named, "<tr><td"));
        Assert.Contains("value=\"COURSE-0\"", named);
    }

    [Theory]
    [InlineData("?status=broken", "status broken is none of failed, unusable, behind, running, queued, ok.")]
    [InlineData("?page=0", "page 0 is not a whole number from 1.")]
    [InlineData("?sort=name", "Unknown parameter sort: the dashboard takes repo, status and page.")]
    public async Task A_filter_the_dashboard_does_not_know_is_a_400_page_saying_which(string query, string says)
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var response = await host.Client.GetAsync("/dashboard" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_burst_for_every_checkout_shows_the_first_jobs_of_the_queue_and_counts_the_rest()
    {
        for (var i = 1; i <= 40; i++)
            git.Clone($"course-{i:00}");
        var release = Path.Combine(git.Root, "release");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root, waitForFile: release)));

        for (var i = 1; i <= 40; i++)
            await host.Push("/", Some.PushTo($"course-{i:00}"));
        var queue = await Section(host, "queue");
        File.WriteAllText(release, "");
        await host.WaitUntilIdle(Patience);

        Assert.Contains("Waiting and running (40)", queue);
        Assert.Equal(30, CountOf(queue, "<tr><td"));
        Assert.Contains("10 more waiting (<a href=\"queue\">all, as JSON</a>).", queue);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
