using System.Net;
using System.Text.RegularExpressions;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>HEAD, trailing slashes, unknown filters and failed rows, through the real host on real Kestrel.</summary>
public sealed partial class HttpDetailsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Theory]
    [InlineData("/healthz", "application/json")]
    [InlineData("/dashboard", "text/html; charset=utf-8")]
    [InlineData("/dashboard/jobs/1", "text/html; charset=utf-8")]
    public async Task Head_answers_as_get_does_without_a_body(string path, string contentType)
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var get = await host.Client.GetAsync(path);
        var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(contentType, head.Content.Headers.ContentType?.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/dashboard", "/dashboard/jobs/1")]
    [InlineData("/dashboard/", "/dashboard/jobs/1/")]
    public async Task Every_link_of_the_dashboard_leads_to_a_page_with_or_without_a_trailing_slash(string overview, string jobPage)
    {
        git.Clone("course");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        await host.Push("/update", Some.PushTo("course"));
        await host.WaitUntilIdle(Patience);

        var fromOverview = await Links(host, overview);
        var fromJobPage = await Links(host, jobPage);

        // The overview's own links (the tally's "1 up to date" and the filter's "all") keep its path.
        Assert.Equal([overview, overview, "/dashboard/jobs/1", "/jobs/1"], fromOverview.Select(l => l.AbsolutePath).Order().ToArray());
        Assert.Equal(["/dashboard", "/jobs/1"], fromJobPage.Select(l => l.AbsolutePath).Order().ToArray());
        foreach (var link in fromOverview.Concat(fromJobPage))
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(link)).StatusCode);
    }

    private static async Task<Uri[]> Links(RunningHost host, string path)
    {
        var page = new Uri(host.Client.BaseAddress!, path);
        return Href().Matches(await host.Client.GetStringAsync(page)).Select(m => new Uri(page, m.Groups[1].Value)).Distinct().ToArray();
    }

    [Fact]
    public async Task An_unknown_jobs_parameter_is_a_400_naming_it()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var response = await host.Client.GetAsync("/jobs?stauts=failed");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"msg":"unknown parameter stauts: /jobs takes repo, status and limit"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/jobs?Status=failed&limit=5")).StatusCode);
    }

    [Fact]
    public async Task A_failed_job_shows_the_first_line_of_its_error_in_the_recent_jobs()
    {
        var checkout = git.Clone("course");
        TempGit.Run(checkout, "remote", "set-url", "origin", Path.Combine(git.Root, "gone.git"));
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        await host.Push("/update", Some.PushTo("course"));
        await host.WaitUntilIdle(Patience);

        var page = await host.Client.GetStringAsync("/dashboard");
        var recent = page[page.IndexOf("<section id=\"recent\"", StringComparison.Ordinal)..];

        Assert.Matches("""status failed">failed</span><div class="error">git fetch of course \(origin [^)]*gone.git\) failed: [^<\n]+</div>""", recent);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
