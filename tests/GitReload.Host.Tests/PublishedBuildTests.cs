using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitReload.Tests.Shared;
using GitReload.Tests.Shared.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitReload.Host.Tests;

/// <summary>
/// The host published for this machine as the README says (<c>dotnet publish src/Host -c Release -r linux-x64</c>):
/// self-contained, the framework and LanguageExt.Core trimmed, compiled ahead of time. Published once, from a copy of
/// this clone's sources, and a throwaway PostgreSQL cluster for the fleet case.
/// </summary>
public sealed partial class PublishedBuild : IAsyncLifetime
{
    public string Program { get; private set; } = "";

    public PostgresServer Database { get; private set; } = null!;

    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-published-").FullName;

    public async Task InitializeAsync()
    {
        var sources = Path.Combine(folder, "src-copy");
        var root = RepositoryRoot.Path;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "README.md" })
            CopyInto(Path.Combine(root, file), root, sources);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
            if (!BuildOutput().IsMatch(Path.GetRelativePath(root, file)))
                CopyInto(file, root, sources);

        var output = Path.Combine(folder, "out");
        var publish = new ProcessStartInfo("dotnet") { WorkingDirectory = sources, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", "src/Host", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", output, "-nologo" })
            publish.ArgumentList.Add(arg);
        using var process = Process.Start(publish)!;
        var said = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(20));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await said}\n{await errors}");
        // Run through the link the README makes, under the tool's name.
        Program = File.CreateSymbolicLink(Path.Combine(output, "gitreload"), "GitReload.Host").FullName;
        Database = await PostgresServer.Start();
    }

    public async Task DisposeAsync()
    {
        if (Database is not null) await Database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static void CopyInto(string file, string root, string to)
    {
        var copy = Path.Combine(to, Path.GetRelativePath(root, file));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(file, copy);
    }

    [GeneratedRegex(@"(^|/)(bin|obj)/")]
    private static partial Regex BuildOutput();
}

public sealed partial class PublishedBuildTests(PublishedBuild build) : IClassFixture<PublishedBuild>, IAsyncLifetime
{
    private const string Secret = "published-secret";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempGit git = new();
    private readonly List<Process> processes = [];
    private StubPython python = null!;

    public Task InitializeAsync()
    {
        python = new StubPython(git.Root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        git.Dispose();
    }

    private Dictionary<string, string> Environment(string repoDir, string state) => new()
    {
        ["REPODIR"] = repoDir,
        ["STATE_DIR"] = state,
        ["HOOK_SECRET"] = Secret,
        ["VIRTUAL_ENV"] = python.VirtualEnv,
        ["EDX_PLATFORM"] = python.EdxPlatform,
        ["DJANGO_SETTINGS"] = "devstack",
        ["LOG_LEVEL"] = "warning",
    };

    // The published program, or (published: false) the build the other tests run: `dotnet GitReload.Host.dll`.
    private async Task<HttpClient> Serve(bool published, Dictionary<string, string> environment)
    {
        var process = published
            ? GitReloadProcess.StartProgram(build.Program, git.Root, environment, "--host", "127.0.0.1", "--port", "0")
            : GitReloadProcess.Start(git.Root, environment, "--host", "127.0.0.1", "--port", "0");
        processes.Add(process);
        var url = await GitReloadProcess.ListeningUrl(process);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    private static HttpRequestMessage Push(string route, string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", signature ?? "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> Answer(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // What differs between two runs whatever the build: the version (the copy published has no git history), ports, times.
    private static string Comparable(string text) =>
        Times().Replace(Ports().Replace(Versions().Replace(text, "VERSION"), "PORT"), "TIME");

    [GeneratedRegex(@"0\.\d+\.\d+-alpha\.0[0-9A-Za-z.+]*")]
    private static partial Regex Versions();

    [GeneratedRegex(@"127\.0\.0\.1:\d+|localhost:\d+")]
    private static partial Regex Ports();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT[0-9:.]+Z")]
    private static partial Regex Times();

    [Fact]
    public async Task A_signed_push_updates_the_checkout_and_the_published_host_reports_it_on_every_route()
    {
        var checkout = git.Clone("course");
        var client = await Serve(published: true, Environment(git.RepoDir, Path.Combine(git.Root, "state")));
        var pushed = git.Commit("course", "grader.py", "print(2)\n");

        var (status, body) = await Answer(client, Push("/update", Some.PushTo("course", pushed)));
        await RunningHost.WaitFor(() => Task.FromResult(TempGit.Head(checkout) == pushed), Patience);
        await RunningHost.WaitFor(async () => (await client.GetStringAsync("/jobs")).Contains("\"status\":\"succeeded\"", StringComparison.Ordinal), Patience);

        Assert.Equal((HttpStatusCode.OK, "{\"msg\":\"Added git update task to queue. Queue size was 1\",\"job_id\":1}"), (status, body));
        var jobs = JsonNode.Parse(await client.GetStringAsync("/jobs"))!["jobs"]!.AsArray();
        Assert.Equal(pushed, (string)Assert.Single(jobs)!["sha_after"]!);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("gitreload_jobs_total{", metrics);
        Assert.Contains("gitreload_job_duration", metrics);
        Assert.Contains("course", await client.GetStringAsync("/dashboard"));
        Assert.Equal("Healthy", (string)JsonNode.Parse(await client.GetStringAsync("/healthz"))!["status"]!);
    }

    [Fact]
    public async Task The_published_host_answers_bad_input_and_documents_its_routes_exactly_as_the_plain_build()
    {
        git.Clone("course");
        var plain = await Serve(published: false, Environment(git.RepoDir, Path.Combine(git.Root, "state-plain")));
        var published = await Serve(published: true, Environment(git.RepoDir, Path.Combine(git.Root, "state-published")));
        var requests = new Func<HttpRequestMessage>[]
        {
            () => Push("/update", Some.PushTo("course"), signature: "sha256=" + new string('0', 64)),
            () => Push("/update", "{\"ref\": "),
            () => Push("/update", Some.PushTo("no-such-checkout")),
            () => Push("/update", Some.PushTo("../etc")),
            () => Push("/gitreload", Fixtures.GitHub("push-with-no-username-committer.payload.json").Replace("\"ref\"", "\"rfe\"", StringComparison.Ordinal)),
            () => new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"),
            () => new HttpRequestMessage(HttpMethod.Get, "/openapi/v2.json"),
            () => new HttpRequestMessage(HttpMethod.Get, "/queue"),
        };

        foreach (var request in requests)
        {
            var (plainStatus, plainBody) = await Answer(plain, request());
            var (publishedStatus, publishedBody) = await Answer(published, request());
            Assert.Equal((plainStatus, Comparable(plainBody)), (publishedStatus, Comparable(publishedBody)));
        }
        Assert.Contains("\"/update\"", (await Answer(published, requests[5]())).Body);
    }

    [Fact]
    public async Task An_import_runs_the_edx_command_and_check_config_says_what_the_plain_build_says()
    {
        var checkout = git.Clone("course");
        var environment = Environment(git.RepoDir, Path.Combine(git.Root, "state"));
        var client = await Serve(published: true, environment);

        var (status, _) = await Answer(client, Push("/gitreload", Some.PushTo("course")));
        await RunningHost.WaitFor(() => Task.FromResult(python.Lines().Any(l => l.Contains("git_add_course", StringComparison.Ordinal))), Patience);
        var plainCheck = await GitReloadProcess.Run(git.Root, environment, "check-config");
        var publishedCheck = await GitReloadProcess.RunProgram(build.Program, git.Root, environment, "check-config");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"argv manage.py lms --settings=devstack git_add_course {git.OriginOf("course")} --directory_path {checkout}", string.Join('\n', python.Lines()));
        Assert.Equal(0, publishedCheck.ExitCode);
        Assert.Equal((plainCheck.ExitCode, Comparable(plainCheck.Output), plainCheck.Errors), (publishedCheck.ExitCode, Comparable(publishedCheck.Output), publishedCheck.Errors));
    }

    [Fact]
    public async Task Two_published_hosts_share_a_postgresql_journal_and_report_the_commit_status_to_github()
    {
        var statuses = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var forgeBuilder = WebApplication.CreateSlimBuilder();
        forgeBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        forgeBuilder.Logging.ClearProviders();
        await using var forge = forgeBuilder.Build();
        forge.MapPost("/api/v3/repos/{owner}/{repo}/statuses/{sha}", async (string sha, HttpRequest request) =>
        {
            var body = JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync())!;
            statuses.Enqueue($"{sha} {(string)body["state"]!}");
            return Results.Json(new { id = 1 }, statusCode: 201);
        });
        await forge.StartAsync();

        var checkoutA = git.Clone("course");
        var repoDirB = Path.Combine(git.Root, "repos-b");
        TempGit.Run(git.Root, "clone", "--quiet", git.OriginOf("course"), Path.Combine(repoDirB, "course"));
        var journal = await build.Database.NewDatabase();
        Dictionary<string, string> Member(string repoDir, string id) => new(Environment(repoDir, Path.Combine(git.Root, "state-" + id)))
        {
            ["JOURNAL_URL"] = journal, ["HOST_ID"] = id, ["GITHUB_TOKEN"] = "ghp_published", ["GITHUB_API_URL"] = forge.Urls.Single() + "/api/v3/",
        };
        var a = await Serve(published: true, Member(git.RepoDir, "host-a"));
        await Serve(published: true, Member(repoDirB, "host-b"));
        var pushed = git.Commit("course", "grader.py", "print(3)\n");

        var (status, _) = await Answer(a, Push("/update", Some.PushTo("course", pushed)));
        await RunningHost.WaitFor(() => Task.FromResult(TempGit.Head(checkoutA) == pushed && TempGit.Head(Path.Combine(repoDirB, "course")) == pushed), Patience);
        await RunningHost.WaitFor(() => Task.FromResult(statuses.Contains($"{pushed} success")), Patience);

        Assert.Equal(HttpStatusCode.OK, status);
        var hosts = await a.GetStringAsync("/hosts");
        Assert.Contains("host-a", hosts);
        Assert.Contains("host-b", hosts);
    }
}
