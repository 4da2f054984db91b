using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;
using GitReload.Tests.Shared.Postgres;

namespace GitReload.Host.Tests;

/// <summary>One throwaway PostgreSQL cluster for the fleet's end-to-end tests.</summary>
public sealed class FleetDatabase : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.Start();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Three <c>gitreload</c> processes, each with its own <c>REPODIR</c> cloned from one bare origin,
/// sharing one PostgreSQL journal, as three servers behind one load balancer would.
/// </summary>
public sealed class FleetEndToEndTests(FleetDatabase database) : IClassFixture<FleetDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Names = ["a", "b", "c"];
    private readonly TempGit git = new();
    private readonly Dictionary<string, Member> members = [];
    private StubPython python = null!;
    private string journal = "";

    public async Task InitializeAsync()
    {
        journal = await database.Server.NewDatabase();
        git.Clone("course");
        foreach (var name in Names.Skip(1))
        {
            Directory.CreateDirectory(RepoDirOf(name));
            TempGit.Run(git.Root, "clone", "--quiet", git.OriginOf("course"), Path.Combine(RepoDirOf(name), "course"));
        }
        python = new StubPython(git.Root, sleepSeconds: 0.5);
    }

    public async Task DisposeAsync()
    {
        foreach (var member in members.Values) await member.DisposeAsync();
        git.Dispose();
    }

    private string RepoDirOf(string name) => name == "a" ? git.RepoDir : Path.Combine(git.Root, "repos-" + name);

    private string CheckoutOf(string name) => Path.Combine(RepoDirOf(name), "course");

    private Dictionary<string, string> Environment(string name) => new()
    {
        ["REPODIR"] = RepoDirOf(name),
        ["VIRTUAL_ENV"] = python.VirtualEnv,
        ["EDX_PLATFORM"] = python.EdxPlatform,
        ["JOURNAL_URL"] = journal,
        ["HOST_ID"] = "host-" + name,
        ["NUM_THREADS"] = "2",
        ["LOG_LEVEL"] = "warning",
    };

    private async Task StartAll()
    {
        foreach (var name in Names)
            members[name] = await Member.Start(git.Root, Environment(name));
    }

    private async Task<bool> Converged(string sha) =>
        await Task.FromResult(Names.All(n => TempGit.Head(CheckoutOf(n)) == sha));

    [Fact]
    public async Task A_push_to_one_host_updates_the_checkout_on_every_host()
    {
        await StartAll();
        var pushed = git.Commit("course", "grader.py", "print(2)\n");

        var answer = await members["b"].Push("/update", Some.PushTo("course", pushed));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Added git update task to queue. Queue size was 1", answer.Message);
        await RunningHost.WaitFor(() => Converged(pushed), Patience);
        var job = await members["c"].Job(answer.JobId);
        await RunningHost.WaitFor(async () => (await members["c"].Job(answer.JobId)).GetProperty("status").GetString() == "succeeded", Patience);
        Assert.Equal(["host-a", "host-b", "host-c"], (await members["a"].Job(answer.JobId)).GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("host").GetString()).Order());
        _ = job;
    }

    [Fact]
    public async Task A_push_with_no_webhook_is_picked_up_by_the_fleet_s_poll_and_updates_the_checkout_on_every_host()
    {
        foreach (var name in Names)
        {
            var environment = Environment(name);
            environment["POLL_SECONDS"] = "1";
            environment["POLL"] = """{"*": "update"}""";
            members[name] = await Member.Start(git.Root, environment);
        }
        await RunningHost.WaitFor(async () => (await members["a"].Hosts()).Length == 3, Patience);

        var pushed = git.Commit("course", "grader.py", "print(6)\n");

        await RunningHost.WaitFor(() => Converged(pushed), Patience);
        // HEAD moves a moment before a target's end is written: read the jobs once none is queued or running.
        var jobs = await members["b"].Jobs();
        await RunningHost.WaitFor(async () => (jobs = await members["b"].Jobs()).All(j => j.GetProperty("status").GetString() is not ("queued" or "running")), Patience);
        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Equal(("poll", "GET_LATEST"), (j.GetProperty("trigger").GetString(), j.GetProperty("action").GetString())));
        var updated = jobs.SelectMany(j => j.GetProperty("targets").EnumerateArray())
            .Where(t => t.GetProperty("status").GetString() == "succeeded").Select(t => t.GetProperty("host").GetString()).Distinct().Order();
        Assert.Equal(["host-a", "host-b", "host-c"], updated);
    }

    [Fact]
    public async Task A_push_to_the_import_route_imports_the_course_once_for_the_whole_fleet()
    {
        await StartAll();
        var pushed = git.Commit("course", "course.xml", "<course/>");

        var answer = await members["a"].Push("/", Some.PushTo("course", pushed));

        Assert.Equal("Added course import task to queue. Queue size was 1", answer.Message);
        await RunningHost.WaitFor(async () => (await members["a"].Job(answer.JobId)).GetProperty("status").GetString() == "succeeded", Patience);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a second import, were there one, would start within the poll
        Assert.Single(python.Runs());
    }

    [Fact]
    public async Task A_host_that_was_down_during_a_push_catches_up_when_it_starts()
    {
        foreach (var name in new[] { "a", "b" })
            members[name] = await Member.Start(git.Root, Environment(name));
        await RunningHost.WaitFor(async () => (await members["a"].Hosts()).Length == 2, Patience);
        // c registered its checkout once, then stopped: a host that is down.
        members["c"] = await Member.Start(git.Root, Environment("c"));
        await RunningHost.WaitFor(async () => (await members["a"].Hosts()).Length == 3, Patience);
        await members["c"].DisposeAsync();
        members.Remove("c");
        var stopped = (await members["a"].Hosts()).Single(h => h.GetProperty("host").GetString() == "host-c");
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.True(DateTimeOffset.Parse(stopped.GetProperty("left_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse(stopped.GetProperty("last_seen").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - TimeSpan.FromSeconds(1),
            "last_seen is the host's own last word, not backdated past the time it left");
        var dashboard = await members["a"].Dashboard();
        Assert.Contains("hosts down: host-c (stopped)", dashboard, StringComparison.Ordinal);
        Assert.Contains("""<span class="status stopped">stopped</span>""", dashboard, StringComparison.Ordinal);
        var pushed = git.Commit("course", "grader.py", "print(3)\n");

        var answer = await members["a"].Push("/update", Some.PushTo("course", pushed));
        await RunningHost.WaitFor(async () => TempGit.Head(CheckoutOf("a")) == pushed && TempGit.Head(CheckoutOf("b")) == pushed, Patience);
        Assert.NotEqual(pushed, TempGit.Head(CheckoutOf("c")));
        Assert.Equal("running", (await members["a"].Job(answer.JobId)).GetProperty("status").GetString());

        members["c"] = await Member.Start(git.Root, Environment("c"));
        await RunningHost.WaitFor(() => Converged(pushed), Patience);
        await RunningHost.WaitFor(async () => (await members["a"].Job(answer.JobId)).GetProperty("status").GetString() == "succeeded", Patience);
        var back = (await members["a"].Hosts()).Single(h => h.GetProperty("host").GetString() == "host-c");
        Assert.Equal(("live", JsonValueKind.Null), (back.GetProperty("status").GetString(), back.GetProperty("left_at").ValueKind));
    }

    [Fact]
    public async Task A_host_killed_in_the_middle_of_an_import_imports_it_after_its_restart_and_nothing_runs_twice_at_once()
    {
        await StartAll();
        var slow = new StubPython(git.Root, sleepSeconds: 3);
        var pushed = git.Commit("course", "course.xml", "<course version='2'/>");
        var answer = await members["a"].Push("/", Some.PushTo("course", pushed));
        await RunningHost.WaitFor(async () => (await members["a"].Job(answer.JobId)).GetProperty("status").GetString() == "running", Patience);
        var runner = (await members["a"].Job(answer.JobId)).GetProperty("targets")[0].GetProperty("host").GetString()![^1..];

        members[runner].Kill();
        members[runner] = await Member.Start(git.Root, Environment(runner));

        await RunningHost.WaitFor(async () => (await members["a" == runner ? "b" : "a"].Job(answer.JobId)).GetProperty("status").GetString() == "succeeded", Patience);
        var abandoned = Assert.Single((await members["a"].Job(answer.JobId)).GetProperty("targets")[0].GetProperty("abandoned").EnumerateArray().ToArray());
        Assert.Equal("host-" + runner, abandoned.GetProperty("host").GetString());
        Assert.Contains("restarted", abandoned.GetProperty("why").GetString(), StringComparison.Ordinal);
        var runs = slow.Runs();
        Assert.NotEmpty(runs);
        // The killed run never ended; the ones that ended never overlapped.
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Item1.End <= pair.Item2.Start));
    }

    [Fact]
    public async Task PostgreSQL_stopped_during_a_burst_answers_503_then_every_acknowledged_push_runs_when_it_is_back()
    {
        await StartAll();
        var acknowledged = new List<long>();
        var refused = 0;
        var pushed = git.Commit("course", "grader.py", "print(4)\n");
        for (var i = 0; i < 10; i++)
        {
            var answer = await members[Names[i % 3]].Push("/update", Some.PushTo("course", pushed));
            if (answer.Status == HttpStatusCode.OK) acknowledged.Add(answer.JobId);
        }
        await database.Server.Stop();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var answer = await members[Names[i % 3]].Push("/update", Some.PushTo("course", pushed));
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "Could not record the job, please redeliver"), (answer.Status, answer.Message));
                refused++;
            }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await members["a"].Health());
        }
        finally
        {
            await database.Server.StartCluster();
        }

        await RunningHost.WaitFor(async () => await members["b"].Health() == HttpStatusCode.OK, Patience);
        var after = await members["c"].Push("/update", Some.PushTo("course", pushed));
        Assert.Equal(HttpStatusCode.OK, after.Status);
        acknowledged.Add(after.JobId);
        foreach (var id in acknowledged.Distinct())
            await RunningHost.WaitFor(async () => (await members["a"].Job(id)).GetProperty("status").GetString() == "succeeded", Patience);
        await RunningHost.WaitFor(() => Converged(pushed), Patience);
        Assert.Equal(6, refused);
    }

    [Fact]
    public async Task A_thousand_pushes_spread_over_three_hosts_run_at_most_two_updates_on_each()
    {
        // Each host's first fetch waits until every push was answered, through an "ssh" that serves origin
        // once a gate exists: however long the burst takes on a loaded machine, it falls within one running job.
        var gate = Path.Combine(git.Root, "burst-answered");
        var ssh = Path.Combine(git.Root, "gated-ssh");
        File.WriteAllText(ssh, $"#!/bin/sh\nwhile [ ! -e '{gate}' ]; do sleep 0.05; done\nexec git-upload-pack '{git.OriginOf("course")}'\n");
        File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var name in Names)
        {
            TempGit.Run(CheckoutOf(name), "config", "core.sshCommand", ssh);
            TempGit.Run(CheckoutOf(name), "remote", "set-url", "origin", "ssh://git@127.0.0.1/srv/course.git");
        }
        await StartAll();
        var pushed = git.Commit("course", "grader.py", "print(5)\n");

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => members[Names[i % 3]].Push("/update", Some.PushTo("course", pushed))));
        File.WriteAllText(gate, "");

        Assert.True(answers.All(a => a.Status == HttpStatusCode.OK), string.Join("\n", members.Values.Select(m => m.Log())));
        await RunningHost.WaitFor(async () => (await members["a"].Open()) == 0, Patience);
        var jobs = await members["a"].Jobs();
        Assert.Equal(1000, jobs.Sum(j => j.GetProperty("merged").GetInt32() + 1));
        foreach (var host in Names.Select(n => "host-" + n))
        {
            var ran = jobs.SelectMany(j => j.GetProperty("targets").EnumerateArray())
                .Count(t => t.GetProperty("host").GetString() == host && t.GetProperty("status").GetString() == "succeeded");
            Assert.InRange(ran, 1, 2);
        }
        Assert.True(await Converged(pushed));
    }

    [Fact]
    public async Task An_atomic_push_publishes_a_new_tree_on_every_host_a_host_whose_check_fails_keeps_its_tree_and_a_rollback_takes_the_others_back_to_it_and_leaves_it_there()
    {
        const string token = "fleet-operator-token";
        git.Clone("graders");
        foreach (var name in Names.Skip(1))
            TempGit.Run(git.Root, "clone", "--quiet", git.OriginOf("graders"), Path.Combine(RepoDirOf(name), "graders"));
        string FailsOn(string name) => Path.Combine(git.Root, "check-fails-on-" + name);
        string GraderOf(string name) => Path.Combine(RepoDirOf(name), "graders");
        string TreeOf(string name) => new DirectoryInfo(GraderOf(name)).LinkTarget ?? "not a link";
        foreach (var name in Names)
        {
            var environment = Environment(name);
            environment["PUBLISH"] = """{"graders": "atomic"}""";
            environment["ADMIN_TOKEN"] = token;
            // The same check everywhere; it fails where a host lacks what it checks for.
            environment["VERIFY_COMMAND"] = JsonSerializer.Serialize(new[] { "sh", "-c", "if [ -e \"$1\" ]; then echo 'missing on this host' >&2; exit 3; fi; grep -q v \"$0/grader.py\"", "{repo_dir}", FailsOn(name) });
            members[name] = await Member.Start(git.Root, environment);
        }
        async Task<JsonElement> Ended(long id)
        {
            await RunningHost.WaitFor(async () => (await members["a"].Job(id)).GetProperty("status").GetString() is "succeeded" or "failed", Patience);
            return await members["a"].Job(id);
        }
        string[] Statuses(JsonElement job) => job.GetProperty("targets").EnumerateArray()
            .Select(t => $"{t.GetProperty("host").GetString()} {t.GetProperty("status").GetString()}").Order().ToArray();

        // A tree older than v1 on every host: c could go back further than the others.
        var v0 = git.Commit("graders", "grader.py", "v0\n");
        Assert.Equal("succeeded", (await Ended((await members["b"].Push("/update", Some.PushTo("graders", v0))).JobId)).GetProperty("status").GetString());
        var v1 = git.Commit("graders", "grader.py", "v1\n");
        var first = await Ended((await members["b"].Push("/update", Some.PushTo("graders", v1))).JobId);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        foreach (var name in Names)
        {
            Assert.StartsWith(".gitreload/graders/trees/", TreeOf(name));
            Assert.Equal((v1, "v1\n"), (TempGit.Head(GraderOf(name)), File.ReadAllText(Path.Combine(GraderOf(name), "grader.py"))));
        }
        var atV1 = Names.ToDictionary(n => n, TreeOf);

        File.WriteAllText(FailsOn("c"), "");
        var v2 = git.Commit("graders", "grader.py", "v2\n");
        var second = await Ended((await members["c"].Push("/update", Some.PushTo("graders", v2))).JobId);

        Assert.Equal("failed", second.GetProperty("status").GetString());
        Assert.Equal(["host-a succeeded", "host-b succeeded", "host-c failed"], Statuses(second));
        var onC = second.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("host").GetString() == "host-c");
        Assert.StartsWith($"Check failed on {v2[..7]}: ", onC.GetProperty("error").GetString());
        Assert.Contains("missing on this host", (await members["c"].Job(second.GetProperty("job_id").GetInt64())).GetProperty("output").GetString() + onC.GetProperty("error").GetString());
        foreach (var name in new[] { "a", "b" })
        {
            Assert.NotEqual(atV1[name], TreeOf(name));
            Assert.Equal((v2, "v2\n"), (TempGit.Head(GraderOf(name)), File.ReadAllText(Path.Combine(GraderOf(name), "grader.py"))));
        }
        Assert.Equal((atV1["c"], v1, "v1\n"), (TreeOf("c"), TempGit.Head(GraderOf("c")), File.ReadAllText(Path.Combine(GraderOf("c"), "grader.py"))));

        var queued = await members["a"].Post("/repos/graders/rollback", token);
        Assert.Equal(HttpStatusCode.OK, queued.Status);
        var rollback = await Ended(queued.JobId);

        // The rollback undoes v2, the commit a publishes: c never published it and stays on v1, not v0.
        Assert.Equal(("ROLLBACK", "manual", "succeeded"), (rollback.GetProperty("action").GetString(), rollback.GetProperty("trigger").GetString(), rollback.GetProperty("status").GetString()));
        Assert.Equal(["host-a succeeded", "host-b succeeded", "host-c succeeded"], Statuses(rollback));
        foreach (var name in Names)
            Assert.Equal((atV1[name], v1, "v1\n"), (TreeOf(name), TempGit.Head(GraderOf(name)), File.ReadAllText(Path.Combine(GraderOf(name), "grader.py"))));
        var partOfC = rollback.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("host").GetString() == "host-c");
        Assert.Equal((v1, v1), (partOfC.GetProperty("sha_before").GetString(), partOfC.GetProperty("sha_after").GetString()));
    }

    /// <summary>One host of the fleet: a real process.</summary>
    internal sealed class Member : IAsyncDisposable
    {
        private readonly Process process;
        private readonly HttpClient client;
        private readonly System.Text.StringBuilder said = new();

        private Member(Process process, string url)
        {
            this.process = process;
            client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            _ = process.StandardOutput.ReadToEndAsync();
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                    lock (said) said.AppendLine(line);
            });
        }

        /// <summary>What the host logged so far, to tell why a test failed.</summary>
        public string Log()
        {
            lock (said) return said.ToString();
        }

        public static async Task<Member> Start(string folder, Dictionary<string, string> environment)
        {
            var process = GitReloadProcess.Start(folder, environment, "--port", "0");
            return new Member(process, await GitReloadProcess.ListeningUrl(process));
        }

        public async Task<(HttpStatusCode Status, string Message, long JobId)> Push(string route, string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-GitHub-Event", "push");
            using var response = await client.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, json.RootElement.GetProperty("msg").GetString()!,
                json.RootElement.TryGetProperty("job_id", out var id) ? id.GetInt64() : 0);
        }

        /// <summary>An operator's request, with the admin token.</summary>
        public async Task<(HttpStatusCode Status, string Message, long JobId)> Post(string route, string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, route);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, json.RootElement.GetProperty("msg").GetString()!,
                json.RootElement.TryGetProperty("job_id", out var id) ? id.GetInt64() : 0);
        }

        public async Task<JsonElement> Job(long id) => JsonDocument.Parse(await client.GetStringAsync($"/jobs/{id}")).RootElement;

        public async Task<JsonElement[]> Jobs() =>
            JsonDocument.Parse(await client.GetStringAsync("/jobs?limit=1000")).RootElement.GetProperty("jobs").EnumerateArray().ToArray();

        public async Task<int> Open() => JsonDocument.Parse(await client.GetStringAsync("/queue")).RootElement.GetProperty("queue_length").GetInt32();

        public Task<string> Dashboard() => client.GetStringAsync("/dashboard");

        public async Task<JsonElement[]> Hosts() =>
            JsonDocument.Parse(await client.GetStringAsync("/hosts")).RootElement.GetProperty("hosts").EnumerateArray().ToArray();

        public async Task<HttpStatusCode> Health()
        {
            using var response = await client.GetAsync("/healthz");
            return response.StatusCode;
        }

        public void Kill() => process.Kill(entireProcessTree: true);

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                if (!await Task.Run(() => process.WaitForExit(TimeSpan.FromSeconds(20))))
                    process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }
}
