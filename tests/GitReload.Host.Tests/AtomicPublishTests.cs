using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GitReload.Application.Ports;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection;

namespace GitReload.Host.Tests;

/// <summary>PUBLISH, VERIFY_COMMAND and the rollback route through a real host, real checkouts and a real check process.</summary>
public sealed class AtomicPublishTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Token = "operator-token";
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private static Dictionary<string, string?> Atomic() => new()
    {
        ["PUBLISH"] = """{"grader": "atomic"}""",
        ["VERIFY_COMMAND"] = """["grep", "-q", "good", "{repo_dir}/grader.py"]""",
        ["ADMIN_TOKEN"] = Token,
    };

    private async Task<RunningHost> Start(Dictionary<string, string?> environment) =>
        await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root), more: environment));

    private static async Task<JsonElement> Job(RunningHost host, HttpResponseMessage queued)
    {
        using var answer = JsonDocument.Parse(await queued.Content.ReadAsStringAsync());
        var id = answer.RootElement.GetProperty("job_id").GetInt64();
        await host.WaitUntilIdle(Patience);
        using var job = JsonDocument.Parse(await host.Client.GetStringAsync($"/jobs/{id}"));
        return job.RootElement.Clone();
    }

    private static Task<HttpResponseMessage> RollBack(RunningHost host, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/repos/{name}/rollback");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return host.Client.SendAsync(request);
    }

    [Fact]
    public async Task A_commit_that_fails_the_check_is_not_published_and_a_rollback_by_hand_goes_back_to_the_tree_before()
    {
        var checkout = git.Clone("grader");
        var first = git.Commit("grader", "grader.py", "good 1\n");
        await using var host = await Start(Atomic());

        Assert.Equal("succeeded", (await Job(host, await host.Push("/update", Some.PushTo("grader", first)))).GetProperty("status").GetString());
        Assert.NotNull(new DirectoryInfo(checkout).LinkTarget);
        var second = git.Commit("grader", "grader.py", "good 2\n");
        Assert.Equal("succeeded", (await Job(host, await host.Push("/update", Some.PushTo("grader", second)))).GetProperty("status").GetString());
        Assert.Equal((second, "good 2\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));

        var broken = git.Commit("grader", "grader.py", "broken\n");
        var failed = await Job(host, await host.Push("/update", Some.PushTo("grader", broken)));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith($"Check failed on {broken[..7]}: ", failed.GetProperty("error").GetString());
        Assert.Equal((second, second), (failed.GetProperty("sha_before").GetString(), failed.GetProperty("sha_after").GetString()));
        Assert.Equal((second, "good 2\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
        await RunningHost.WaitFor(async () => (await host.Client.GetStringAsync("/dashboard")).Contains($"kept for rollback: <code title=\"{first}\">", StringComparison.Ordinal), Patience);

        var queued = await RollBack(host, "grader");
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        var rollback = await Job(host, queued);

        Assert.Equal(("succeeded", "ROLLBACK", "manual"), (rollback.GetProperty("status").GetString(), rollback.GetProperty("action").GetString(), rollback.GetProperty("trigger").GetString()));
        Assert.Equal((second, first), (rollback.GetProperty("sha_before").GetString(), rollback.GetProperty("sha_after").GetString()));
        Assert.Equal((first, "good 1\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
        using var jobs = JsonDocument.Parse(await host.Client.GetStringAsync("/jobs?repo=grader&limit=1"));
        Assert.Equal("manual", jobs.RootElement.GetProperty("jobs")[0].GetProperty("trigger").GetString());
    }

    // Waits for a round of the reconcile loop that began after `since` to have asked origin of `repo`.
    private static async Task WaitForARoundAfter(RunningHost host, string repo, DateTimeOffset since)
    {
        async Task<Option<DateTimeOffset>> Asked() =>
            (await host.Services.GetRequiredService<IOriginLedger>().Known(default))
                .Match(k => k, e => throw new Xunit.Sdk.XunitException(e.Message))
                .Find(o => o.Repo.Value == repo).Map(o => o.AskedAt);
        var first = DateTimeOffset.MinValue;
        await RunningHost.WaitFor(async () => (await Asked()).Exists(at => (first = at) > since), Patience);
        await RunningHost.WaitFor(async () => (await Asked()).Exists(at => at > first), Patience);
    }

    [Fact]
    public async Task Two_rollbacks_in_a_row_both_hold_against_the_reconcile_loop_until_a_push()
    {
        var checkout = git.Clone("grader");
        var environment = Atomic();
        environment["POLL_SECONDS"] = "1";
        environment["POLL"] = """{"grader": "update"}""";
        await using var host = await Start(environment);
        var first = git.Commit("grader", "grader.py", "good 1\n");
        await Job(host, await host.Push("/update", Some.PushTo("grader", first)));
        var second = git.Commit("grader", "grader.py", "good 2\n");
        await Job(host, await host.Push("/update", Some.PushTo("grader", second)));
        var third = git.Commit("grader", "grader.py", "good 3\n");
        await Job(host, await host.Push("/update", Some.PushTo("grader", third)));
        await RunningHost.WaitFor(() => Task.FromResult(TempGit.Head(checkout) == third), Patience);

        var undoThird = await Job(host, await RollBack(host, "grader"));
        var undoSecond = await Job(host, await RollBack(host, "grader"));
        Assert.Equal(("succeeded", "succeeded", first), (undoThird.GetProperty("status").GetString(), undoSecond.GetProperty("status").GetString(), TempGit.Head(checkout)));

        await WaitForARoundAfter(host, "grader", DateTimeOffset.UtcNow);
        await host.WaitUntilIdle(Patience);

        Assert.Equal((first, "good 1\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
        using (var jobs = JsonDocument.Parse(await host.Client.GetStringAsync("/jobs?repo=grader&limit=1")))
            Assert.Equal("ROLLBACK", jobs.RootElement.GetProperty("jobs")[0].GetProperty("action").GetString());

        Assert.Equal("succeeded", (await Job(host, await host.Push("/update", Some.PushTo("grader", third)))).GetProperty("status").GetString());
        Assert.Equal(third, TempGit.Head(checkout));
    }

    [Fact]
    public async Task A_rollback_with_no_tree_kept_fails_and_leaves_the_checkout_as_it_was()
    {
        var checkout = git.Clone("grader");
        var first = git.Commit("grader", "grader.py", "good 1\n");
        await using var host = await Start(Atomic());
        await Job(host, await host.Push("/update", Some.PushTo("grader", first)));

        var rollback = await Job(host, await RollBack(host, "grader"));

        Assert.Equal("failed", rollback.GetProperty("status").GetString());
        Assert.Equal((first, "good 1\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
    }

    [Fact]
    public async Task The_rollback_route_needs_the_operator_token()
    {
        git.Clone("grader");
        await using var host = await Start(Atomic());

        var response = await host.Client.PostAsync("/repos/grader/rollback", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await host.Queue()).GetProperty("queue_length").GetInt32());
    }

    [Fact]
    public async Task A_checkout_dropped_from_PUBLISH_is_an_ordinary_folder_again_after_its_next_update()
    {
        var checkout = git.Clone("grader");
        var first = git.Commit("grader", "grader.py", "good 1\n");
        await using (var host = await Start(Atomic()))
            await Job(host, await host.Push("/update", Some.PushTo("grader", first)));
        Assert.NotNull(new DirectoryInfo(checkout).LinkTarget);

        var second = git.Commit("grader", "grader.py", "good 2\n");
        await using (var host = await Start([]))
            Assert.Equal("succeeded", (await Job(host, await host.Push("/update", Some.PushTo("grader", second)))).GetProperty("status").GetString());

        Assert.Null(new DirectoryInfo(checkout).LinkTarget);
        Assert.Equal((second, "good 2\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
        Assert.Empty(TempGit.Run(checkout, "status", "--porcelain", "--ignored"));
    }
}
