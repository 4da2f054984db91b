using System.Text.Json;
using System.Text.RegularExpressions;
using GitReload.Application;
using GitReload.Host.Configuration;
using GitReload.Host.Logging;
using GitReload.Tests.Shared;
using LanguageExt;

namespace GitReload.Host.Tests;

public sealed class ObservabilityTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_text_with_hooks_by_forge_and_outcome()
    {
        // A process of its own: hosts in one test process share the meter's name, so their counts would mix.
        git.Clone("course");
        using var process = GitReloadProcess.Start(git.Root, new() { ["REPODIR"] = git.RepoDir, ["STATE_DIR"] = Path.Combine(git.Root, "state") }, "--port", "0");
        string text;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await GitReloadProcess.ListeningUrl(process)) };
            foreach (var repo in new[] { "course", "not-here" })
            {
                using var push = new StringContent(Some.PushTo(repo), System.Text.Encoding.UTF8, "application/json");
                push.Headers.Add("X-GitHub-Event", "push");
                await client.PostAsync("/update", push);
            }
            // The worker counts a job just after the journal records its end.
            await RunningHost.WaitFor(async () => (await client.GetStringAsync("/metrics")).Contains("gitreload_jobs_total{", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            text = await client.GetStringAsync("/metrics");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Matches("""gitreload_hooks_total\{[^}]*forge="github"[^}]*outcome="queued"[^}]*\} 1\b""", text);
        Assert.Matches("""gitreload_hooks_total\{[^}]*forge="github"[^}]*outcome="server_problem"[^}]*\} 1\b""", text);
        Assert.Contains("gitreload_queue_depth", text);
        Assert.Matches("""gitreload_jobs_total\{[^}]*action="update"[^}]*status="succeeded"[^}]*\} 1\b""", text);
        Assert.Matches("""gitreload_job_duration_seconds_count\{[^}]*action="update"[^}]*\} 1\b""", text);
        foreach (var step in new[] { "fetch", "reset", "clean" })
            Assert.Matches($$"""gitreload_update_step_duration_seconds_count\{[^}]*step="{{step}}"[^}]*\} 1\b""", text);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.All(new[] { "/", "/gitreload", "/update", "/queue", "/jobs", "/jobs/{id}", "/healthz", "/dashboard", "/dashboard/jobs/{id}", "/repos/{name}/update", "/repos/{name}/import" }, route => Assert.Contains(route, paths));
    }

    [Fact]
    public async Task The_openapi_document_has_the_real_version_tags_by_area_parameters_bodies_and_schemas()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json"));
        var root = json.RootElement;
        var paths = root.GetProperty("paths");
        string[] Tags(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
        string Schema(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;

        var version = typeof(GitReloadApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.StartsWith(Application.GitReloadVersion.Text, version);
        Assert.Equal(("GitReload", Application.GitReloadVersion.Text), (root.GetProperty("info").GetProperty("title").GetString(), root.GetProperty("info").GetProperty("version").GetString()));
        Assert.Equal(["Hooks", "Queue", "Jobs", "Dashboard", "Operator", "Health"], root.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(
            [["Hooks"], ["Hooks"], ["Queue"], ["Jobs"], ["Jobs"], ["Dashboard"], ["Operator"], ["Health"]],
            new[] { Tags("/update", "post"), Tags("/", "post"), Tags("/queue", "get"), Tags("/jobs", "get"), Tags("/jobs/{id}", "get"), Tags("/dashboard", "get"), Tags("/repos/{name}/update", "post"), Tags("/healthz", "get") });

        var parameters = paths.GetProperty("/jobs").GetProperty("get").GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal(["limit", "repo", "status"], parameters.Keys.Order());
        Assert.Equal(("integer", 1, 1000, 50), (parameters["limit"].GetProperty("type").GetString(), parameters["limit"].GetProperty("minimum").GetInt32(), parameters["limit"].GetProperty("maximum").GetInt32(), parameters["limit"].GetProperty("default").GetInt32()));
        Assert.Equal(["queued", "running", "succeeded", "failed"], parameters["status"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        var body = paths.GetProperty("/update").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.Equal(["after", "deleted", "ref", "repository"], body.GetProperty("application/json").GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(body.GetProperty("application/x-www-form-urlencoded").GetProperty("schema").GetProperty("properties").TryGetProperty("payload", out _));

        Assert.Equal("#/components/schemas/HookReply", Schema("/update", "post", "401"));
        Assert.Equal("#/components/schemas/QueueReply", Schema("/queue", "get", "200"));
        Assert.Equal("#/components/schemas/JobsReply", Schema("/jobs", "get", "200"));
        Assert.Equal("#/components/schemas/JobReply", Schema("/jobs/{id}", "get", "200"));
        var job = root.GetProperty("components").GetProperty("schemas").GetProperty("JobReply").GetProperty("properties");
        Assert.Equal("integer", job.GetProperty("job_id").GetProperty("type").GetString());
        Assert.Equal("string", job.GetProperty("repo_url").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_openapi_generator_is_loaded_when_a_document_is_first_asked_for_not_at_start()
    {
        const string ApiExplorer = "Microsoft.AspNetCore.Mvc.ApiExplorer.dll";
        Directory.CreateDirectory(Path.Combine(git.Root, "repos"));
        using var process = GitReloadProcess.Start(git.Root, new() { ["REPODIR"] = git.RepoDir, ["LOG_LEVEL"] = "info" }, "--port", "0");
        try
        {
            var url = await GitReloadProcess.ListeningUrl(process);
            using var client = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(url + "/queue")).StatusCode);
            Assert.DoesNotContain(ApiExplorer, File.ReadAllText($"/proc/{process.Id}/maps"));

            using var json = JsonDocument.Parse(await client.GetStringAsync(url + "/openapi/v1.json"));
            Assert.True(json.RootElement.GetProperty("paths").TryGetProperty("/queue", out _));
            Assert.Contains(ApiExplorer, File.ReadAllText($"/proc/{process.Id}/maps"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(url + "/openapi/v2.json")).StatusCode);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Libgit2_is_loaded_at_the_first_push_not_by_the_registration_of_the_checkouts_at_start()
    {
        const string LibGit2 = "libgit2-";
        git.Clone("course");
        git.Clone("grader");
        using var process = GitReloadProcess.Start(git.Root, new() { ["REPODIR"] = git.RepoDir, ["STATE_DIR"] = Path.Combine(git.Root, "state") }, "--port", "0");
        try
        {
            var url = await GitReloadProcess.ListeningUrl(process);
            using var client = new HttpClient();
            // /hosts answers once this host's checkouts are registered.
            var hosts = await client.GetStringAsync(url + "/hosts");
            Assert.Contains("\"grader\"", hosts, StringComparison.Ordinal);
            Assert.Contains(TempGit.Head(git.CheckoutOf("course")), hosts, StringComparison.Ordinal);
            Assert.DoesNotContain(LibGit2, File.ReadAllText($"/proc/{process.Id}/maps"));

            using var push = new StringContent(Some.PushTo("course"), System.Text.Encoding.UTF8, "application/json");
            push.Headers.Add("X-GitHub-Event", "push");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsync(url + "/update", push)).StatusCode);
            Assert.Contains(LibGit2, File.ReadAllText($"/proc/{process.Id}/maps"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void The_log_file_rotates_at_one_mebibyte_and_keeps_ten_files()
    {
        var path = Path.Combine(git.Root, "logs", "gitreload.log");
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root)) with
        {
            LogLevel = Serilog.Events.LogEventLevel.Information,
            LogFilePath = Option<string>.Some(path),
        };
        using (var log = (Serilog.Core.Logger)LogSetup.Create(settings))
        {
            var line = new string('x', 1000);
            for (var i = 0; i < 14 * 1024; i++)
                log.Information("{Line}", line);
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(path)!);
        Assert.Equal(10, files.Length);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 1024 * 1024 + 2048));
    }

    [Fact]
    public void A_log_folder_and_files_made_for_the_log_are_the_service_user_s_and_its_group_s_alone()
    {
        var path = Path.Combine(git.Root, "new-logs", "gitreload.log");
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root)) with
        {
            LogLevel = Serilog.Events.LogEventLevel.Information,
            LogFilePath = Option<string>.Some(path),
        };
        using (var log = (Serilog.Core.Logger)LogSetup.Create(settings))
        {
            var line = new string('x', 1000);
            for (var i = 0; i < 1100; i++)
                log.Information("{Line}", line);
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(path)!);
        Assert.Equal(2, files.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void A_log_file_there_already_keeps_its_mode()
    {
        var path = Path.Combine(git.Root, "gitreload.log");
        File.WriteAllText(path, "an earlier line\n");
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, open);
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root)) with
        {
            LogLevel = Serilog.Events.LogEventLevel.Information,
            LogFilePath = Option<string>.Some(path),
        };
        using (var log = (Serilog.Core.Logger)LogSetup.Create(settings))
            log.Information("a line");

        Assert.Equal(open, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Json_log_format_writes_one_json_object_per_line()
    {
        Directory.CreateDirectory(Path.Combine(git.Root, "repos"));
        using var process = GitReloadProcess.Start(git.Root, new() { ["REPODIR"] = git.RepoDir, ["LOG_FORMAT"] = "json", ["LOG_LEVEL"] = "info" }, "--port", "0");
        var url = await GitReloadProcess.ListeningUrl(process);
        using (var client = new HttpClient())
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url + "/update") { Content = new StringContent("{not json") };
            request.Headers.Add("X-GitHub-Event", "push");
            request.Headers.Add("X-GitHub-Delivery", "json-log-1");
            await client.SendAsync(request);
        }
        process.Kill();
        await process.WaitForExitAsync();

        var lines = (await process.StandardError.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rejected = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("RenderedMessage").GetString()!.Contains("json-log-1"));
        Assert.Equal("Warning", rejected.GetProperty("Level").GetString());
    }

    [Fact]
    public async Task Metrics_name_the_service_gitreload_with_its_version()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        var text = await host.Client.GetStringAsync("/metrics");
        Assert.Matches($$"""target_info\{[^}]*service_name="gitreload",service_version="{{Regex.Escape(GitReloadVersion.Text)}}"[^}]*\} 1""", text);
    }

    [Fact]
    public async Task Duration_histograms_have_buckets_from_milliseconds_to_an_hour()
    {
        git.Clone("course");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        await host.Push("/update", Some.PushTo("course"));
        await host.WaitUntilIdle(TimeSpan.FromSeconds(30));

        var text = await host.Client.GetStringAsync("/metrics");

        foreach (var histogram in new[] { "gitreload_job_duration_seconds", "gitreload_update_step_duration_seconds" })
        {
            var bounds = Regex.Matches(text, $$"""^{{histogram}}_bucket\{[^}]*le="([^"]+)"[^}]*\}""", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.Equal(Telemetry.DurationBuckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("+Inf"), bounds);
        }
        Assert.Equal(0.005, Telemetry.DurationBuckets[0]);
        Assert.Equal(3600, Telemetry.DurationBuckets[^1]);
    }

    [Fact]
    public async Task Health_and_the_dashboard_show_the_version()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        using var health = JsonDocument.Parse(await host.Client.GetStringAsync("/healthz"));
        Assert.Equal(GitReloadVersion.Text, health.RootElement.GetProperty("version").GetString());
        Assert.Contains($"<footer class=\"muted\"><small>GitReload {System.Net.WebUtility.HtmlEncode(GitReloadVersion.Text).Replace("+", "&#x2B;", StringComparison.Ordinal)}</small></footer>",
            await host.Client.GetStringAsync("/dashboard"));
    }
}
