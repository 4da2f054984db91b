using GitReload.Tests.Shared;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GitReload.Host.Tests;

/// <summary>
/// The dashboard in real Chromium (Debian's <c>chromium</c>, which <c>.ci/run</c> installs) against the real host on Kestrel.
/// Screenshots land in <see cref="Screenshots"/>, beside the test assembly.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Refresh = 15_000;
    private readonly TempGit git = new();

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task An_operator_sees_a_push_become_a_job_that_finishes_and_reads_its_output()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        git.Clone("grader");
        git.Clone("<i>course");
        var release = Path.Combine(git.Root, "release");
        var python = new StubPython(git.Root, waitForFile: release, say: "Importing course...\n<script>document.title = \"pwned\"</script>\nCourse imported");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, python));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { BaseURL = host.Client.BaseAddress!.ToString(), ViewportSize = new() { Width = 1100, Height = 800 } });

        await page.GotoAsync("/dashboard");
        await Expect(page.Locator("#recent")).ToContainTextAsync("No job yet.");
        await Expect(page.Locator("#checkouts")).ToContainTextAsync("<i>course");

        var pushed = git.Commit("grader", "grader.py", "print('new')\n");
        await host.Push("/update", Some.PushTo("grader", pushed));
        await host.Push("/", Some.PushTo("<i>course"));

        // Only the page's own reload brings these in.
        var update = page.Locator("#recent tr", new() { HasText = "grader" });
        await Expect(update).ToContainTextAsync("succeeded", new() { Timeout = Refresh });
        await Expect(update).ToContainTextAsync(pushed[..7]);
        await Expect(page.Locator("#queue tr", new() { HasText = "<i>course" })).ToContainTextAsync("running", new() { Timeout = Refresh });
        await Expect(page.Locator("#checkouts tr", new() { HasText = "grader" })).ToContainTextAsync(pushed[..7]);
        await Shot(page, "dashboard-running.png");

        File.WriteAllText(release, "");
        var import = page.Locator("#recent tr", new() { HasText = "<i>course" });
        await Expect(import).ToContainTextAsync("succeeded", new() { Timeout = Refresh });
        await Expect(page.Locator("#queue")).ToContainTextAsync("Nothing waiting or running.");
        await Shot(page, "dashboard.png");

        await import.GetByRole(AriaRole.Link, new() { Name = "output" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("import <i>course succeeded");
        await Expect(page.Locator("#output")).ToContainTextAsync("<script>document.title = \"pwned\"</script>");
        Assert.DoesNotContain("pwned", await page.TitleAsync());
        await Shot(page, "job-output.png");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/dashboard");
        await Expect(page.Locator("#recent")).ToContainTextAsync("succeeded");
        await Shot(page, "dashboard-phone.png");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the dashboard scrolls sideways on a phone");
    }

    private async Task Shot(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
