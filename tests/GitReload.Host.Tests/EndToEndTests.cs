using System.Net;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>Pushes through real Kestrel to real checkouts and a real import process.</summary>
public sealed class EndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_push_to_the_update_route_brings_the_checkout_to_the_new_commit()
    {
        var checkout = git.Clone("course");
        File.WriteAllText(Path.Combine(checkout, "stray.txt"), "left over");
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        var response = await host.Push("/update", Some.PushTo("course", pushed));
        await host.WaitUntilIdle(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pushed, TempGit.Head(checkout));
        Assert.True(File.Exists(Path.Combine(checkout, "chapter.xml")));
        Assert.False(File.Exists(Path.Combine(checkout, "stray.txt")));
    }

    [Fact]
    public async Task A_push_to_the_import_route_runs_git_add_course_for_the_checkout()
    {
        var checkout = git.Clone("course");
        var python = new StubPython(git.Root);
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, python));

        await host.Push("/gitreload", Some.PushTo("course"));
        await host.WaitUntilIdle(Patience);

        var lines = python.Lines();
        Assert.Contains($"argv manage.py lms --settings=devstack git_add_course {git.OriginOf("course")} --directory_path {checkout}", lines);
        Assert.Contains($"cwd {python.EdxPlatform}", lines);
        Assert.Contains("env lms /tmp/lms.yml /tmp/revisions.yml", lines);
    }

    [Fact]
    public async Task Different_checkouts_import_in_parallel_and_one_checkout_strictly_in_turn()
    {
        git.Clone("alpha");
        git.Clone("beta");
        var python = new StubPython(git.Root, sleepSeconds: 1);
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, python, threads: 4));

        await host.Push("/", Some.PushTo("alpha"));
        await host.Push("/", Some.PushTo("beta"));
        await RunningHost.WaitFor(async () => (await host.Queue()).GetProperty("queue").EnumerateArray()
            .Count(j => j.GetProperty("status").GetString() == "running") == 2, Patience);
        var followUp = await host.Push("/", Some.PushTo("alpha"));
        await host.WaitUntilIdle(Patience);

        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        var runs = python.Runs();
        var alpha = runs.Where(r => r.Repo == "alpha").ToArray();
        var beta = runs.Single(r => r.Repo == "beta");
        Assert.Equal(2, alpha.Length);
        Assert.True(alpha[0].End <= alpha[1].Start, "the same checkout ran two imports at once");
        Assert.True(beta.Start < alpha[0].End && alpha[0].Start < beta.End, "different checkouts did not run in parallel");
    }

    [Fact]
    public async Task A_failing_job_does_not_stop_the_worker()
    {
        var checkout = git.Clone("course");
        var pushed = git.Commit("course", "a.txt", "a");
        var origin = git.OriginOf("course");
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));

        Directory.Move(origin, origin + ".away");
        await host.Push("/update", Some.PushTo("course", pushed));
        await host.WaitUntilIdle(Patience);
        Assert.NotEqual(pushed, TempGit.Head(checkout));

        Directory.Move(origin + ".away", origin);
        await host.Push("/update", Some.PushTo("course", pushed));
        await host.WaitUntilIdle(Patience);
        Assert.Equal(pushed, TempGit.Head(checkout));
    }

    [Fact]
    public async Task An_empty_queue_answers_in_the_original_shape()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        Assert.Equal("{\"queue_length\":0,\"queue\":[]}", await host.Client.GetStringAsync("/queue"));
    }

    [Fact]
    public async Task Jobs_succeed_and_the_workers_go_on_at_once_while_the_forge_for_statuses_never_answers()
    {
        var checkout = git.Clone("course");
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        // Accepts connections into its backlog and never answers: every status call waits for its time limit.
        var silentForge = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silentForge.Start();
        var reporting = new GitReload.Adapters.Reporting.ReportingSettings(
            LanguageExt.Option<Uri>.None,
            new GitReload.Adapters.Reporting.ForgeAccess(new Uri($"http://127.0.0.1:{((IPEndPoint)silentForge.LocalEndpoint).Port}/"), "ghp-token"),
            default, default, default) { CallTimeout = TimeSpan.FromMinutes(10) };
        var settings = Some.Settings(git.RepoDir, new StubPython(git.Root));
        await using var host = await RunningHost.Start(settings with { Core = settings.Core with { Reporting = reporting } });
        var push = System.Text.Json.Nodes.JsonNode.Parse(Some.PushTo("course", pushed))!;
        push["repository"]!["full_name"] = "mitodl/course";

        // Each status call hangs for ten minutes: jobs that waited for one would not be idle within the patience.
        await host.Push("/update", push.ToJsonString());
        await host.WaitUntilIdle(Patience);
        await host.Push("/update", push.ToJsonString());
        await host.WaitUntilIdle(Patience);

        Assert.Equal(pushed, TempGit.Head(checkout));
        var jobs = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync("/jobs")).RootElement.GetProperty("jobs").EnumerateArray();
        Assert.Equal(2, jobs.Count(j => j.GetProperty("status").GetString() == "succeeded"));
        // The reporter runs off the job path, so its first call may come a moment after the jobs ended.
        await RunningHost.WaitFor(() => Task.FromResult(silentForge.Pending()), TimeSpan.FromSeconds(10));
        silentForge.Stop();
    }
}
