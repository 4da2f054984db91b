using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary><c>/jobs</c>, <c>/healthz</c> and coalescing through the real host on real Kestrel.</summary>
public sealed class JobsAndHealthTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body)> Get(RunningHost host, string path)
    {
        var response = await host.Client.GetAsync(path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    [Fact]
    public async Task A_finished_update_is_in_the_history_with_its_shas_times_and_merged_count()
    {
        var checkout = git.Clone("course");
        var before = TempGit.Head(checkout);
        var pushed = git.Commit("course", "a.txt", "a");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        using var answer = JsonDocument.Parse(await (await host.Push("/update", Some.PushTo("course", pushed))).Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("job_id").GetInt64();
        await host.WaitUntilIdle(Patience);

        var (status, job) = await Get(host, $"/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ("course", "GET_LATEST", "master", "succeeded", 1, before, pushed, 0),
            (job.GetProperty("repo_name").GetString(), job.GetProperty("action").GetString(), job.GetProperty("branch").GetString(),
             job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32(), job.GetProperty("sha_before").GetString(),
             job.GetProperty("sha_after").GetString(), job.GetProperty("merged").GetInt32()));
        Assert.Equal(git.OriginOf("course"), job.GetProperty("repo_url").GetString());
        var queued = DateTimeOffset.Parse(job.GetProperty("queued_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var finished = DateTimeOffset.Parse(job.GetProperty("finished_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(queued <= finished);
        Assert.EndsWith("Z", job.GetProperty("finished_at").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_failed_update_is_in_the_history_with_the_commit_the_checkout_stood_at_before_and_still_stands_at()
    {
        var checkout = git.Clone("course");
        var head = TempGit.Head(checkout);
        var pushed = git.Commit("course", "a.txt", "a");
        Directory.Move(git.OriginOf("course"), git.OriginOf("course") + ".moved");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        using var answer = JsonDocument.Parse(await (await host.Push("/update", Some.PushTo("course", pushed))).Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("job_id").GetInt64();
        await host.WaitUntilIdle(Patience);

        var (_, job) = await Get(host, $"/jobs/{id}");
        Assert.Equal(("failed", head, head), (job.GetProperty("status").GetString(), job.GetProperty("sha_before").GetString(), job.GetProperty("sha_after").GetString()));
        var target = job.GetProperty("targets")[0];
        Assert.Equal((head, head), (target.GetProperty("sha_before").GetString(), target.GetProperty("sha_after").GetString()));
    }

    [Fact]
    public async Task The_history_lists_newest_first_and_filters_by_checkout_and_status()
    {
        git.Clone("alpha");
        git.Clone("beta");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        await host.Push("/", Some.PushTo("alpha"));
        await host.WaitUntilIdle(Patience);
        await host.Push("/", Some.PushTo("beta"));
        await host.WaitUntilIdle(Patience);
        await host.Push("/update", Some.PushTo("alpha"));
        await host.WaitUntilIdle(Patience);

        static string[] Repos(JsonElement body) => body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("repo_name").GetString()!).ToArray();
        Assert.Equal(["alpha", "beta", "alpha"], Repos((await Get(host, "/jobs")).Body));
        Assert.Equal(["alpha", "alpha"], Repos((await Get(host, "/jobs?repo=alpha&status=succeeded")).Body));
        Assert.Equal(["alpha"], Repos((await Get(host, "/jobs?limit=1")).Body));
        Assert.Empty(Repos((await Get(host, "/jobs?status=failed")).Body));
    }

    [Theory]
    [InlineData("/jobs?limit=0", "limit")]
    [InlineData("/jobs?limit=1001", "limit")]
    [InlineData("/jobs?limit=ten", "limit")]
    [InlineData("/jobs?status=done", "status")]
    [InlineData("/jobs?repo=..", "repo")]
    public async Task A_filter_that_is_not_understood_gets_400_saying_which(string path, string named)
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        var (status, body) = await Get(host, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(named, body.GetProperty("msg").GetString());
    }

    [Theory]
    [InlineData("/jobs/12345")]
    [InlineData("/jobs/abc")]
    public async Task An_unknown_job_is_not_found(string path)
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        var (status, body) = await Get(host, path);
        Assert.Equal((HttpStatusCode.NotFound, "{\"msg\":\"No such job\"}"), (status, body.GetRawText()));
    }

    [Fact]
    public async Task Health_is_good_while_checkouts_workers_and_journal_are()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root), threads: 2));
        var (status, body) = await Get(host, "/healthz");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body.GetProperty("status").GetString()));
        Assert.Equal("2 of 2 workers running", body.GetProperty("checks").GetProperty("workers").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Health_is_503_with_the_reason_when_the_checkouts_folder_is_gone()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        Directory.Delete(git.RepoDir, recursive: true);

        var (status, body) = await Get(host, "/healthz");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (status, body.GetProperty("status").GetString()));
        var repodir = body.GetProperty("checks").GetProperty("repodir");
        Assert.Equal("Unhealthy", repodir.GetProperty("status").GetString());
        Assert.Contains(git.RepoDir, repodir.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Health_is_503_when_the_journal_file_is_gone()
    {
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root));
        await using var host = await RunningHost.Start(settings);
        File.Delete(Path.Combine(settings.Core.StateDir.IfNone(""), GitReload.Adapters.Sqlite.SqliteStore.FileName));

        var (status, body) = await Get(host, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("journal").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_thousand_concurrent_pushes_to_one_checkout_run_at_most_two_jobs()
    {
        git.Clone("course");
        var gate = Path.Combine(git.Root, "let-imports-finish");
        var python = new StubPython(git.Root, waitForFile: gate);
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, python, threads: 2));

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => host.Push("/", Some.PushTo("course"))));
        File.WriteAllText(gate, "");
        await host.WaitUntilIdle(Patience);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var jobs = (await Get(host, "/jobs")).Body.GetProperty("jobs").EnumerateArray().ToArray();
        Assert.InRange(jobs.Length, 1, 2);
        Assert.Equal(1000, jobs.Sum(j => j.GetProperty("merged").GetInt32() + 1));
        Assert.Equal(jobs.Length, python.Runs().Length);
    }
}
