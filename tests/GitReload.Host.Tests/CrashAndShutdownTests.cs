using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>The <c>gitreload</c> process killed or stopped while jobs wait and run, then started again on the same journal.</summary>
public sealed class CrashAndShutdownTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    private Dictionary<string, string> Environment(StubPython python, int threads, double graceSeconds = 30) => new()
    {
        ["REPODIR"] = git.RepoDir,
        ["VIRTUAL_ENV"] = python.VirtualEnv,
        ["EDX_PLATFORM"] = python.EdxPlatform,
        ["STATE_DIR"] = Path.Combine(git.Root, "state"),
        ["NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SHUTDOWN_GRACE_SECONDS"] = graceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Every_acknowledged_job_runs_to_completion_after_a_kill_9()
    {
        string[] repos = ["r1", "r2", "r3", "r4"];
        foreach (var repo in repos) git.Clone(repo);
        var python = new StubPython(git.Root, sleepSeconds: 1);
        var environment = Environment(python, threads: 2);

        var acknowledged = new List<long>();
        await using (var first = await Served.Start(git.Root, environment))
        {
            foreach (var repo in repos.Append("r1"))
                acknowledged.Add(await first.Acknowledged("/", repo));
            acknowledged.Add(await first.Acknowledged("/update", "r2"));
            await RunningHost.WaitFor(async () => (await first.Statuses()).Contains("running"), Patience);
            first.Kill();
        }

        await using var second = await Served.Start(git.Root, environment);
        await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);

        foreach (var id in acknowledged.Distinct())
            Assert.Equal("succeeded", (await second.Job(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sigterm_refuses_hooks_lets_the_running_job_finish_exits_0_and_leaves_the_waiting_job_for_the_restart()
    {
        git.Clone("running");
        git.Clone("waiting");
        var python = new StubPython(git.Root, sleepSeconds: 2);
        var environment = Environment(python, threads: 1, graceSeconds: 20);

        long running, waiting;
        await using (var first = await Served.Start(git.Root, environment))
        {
            running = await first.Acknowledged("/", "running");
            await RunningHost.WaitFor(async () => (await first.Statuses()).Contains("running"), Patience);
            waiting = await first.Acknowledged("/", "waiting");

            var stopped = Stopwatch.StartNew();
            await first.Terminate();
            await RunningHost.WaitFor(async () => (await first.Try("/", "waiting")).StartsWith("refused", StringComparison.Ordinal), Patience);
            Assert.False(first.Exited, "hooks should be refused while the running job still has its grace period");
            Assert.Equal(0, await first.ExitCode());
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(15), $"took {stopped.Elapsed} to stop");
        }
        Assert.Equal(["running"], python.Runs().Select(r => r.Repo));

        await using var second = await Served.Start(git.Root, environment);
        await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);

        Assert.Equal(("succeeded", 1), Outcome(await second.Job(running)));
        Assert.Equal(("succeeded", 1), Outcome(await second.Job(waiting)));
        Assert.Equal(["running", "waiting"], python.Runs().Select(r => r.Repo));
    }

    [Fact]
    public async Task A_job_cut_off_at_the_end_of_the_grace_period_stays_queued_and_runs_after_the_restart()
    {
        git.Clone("slow");
        var environment = Environment(new StubPython(git.Root, sleepSeconds: 30), threads: 1, graceSeconds: 0.5);

        long cut;
        await using (var first = await Served.Start(git.Root, environment))
        {
            cut = await first.Acknowledged("/", "slow");
            await RunningHost.WaitFor(async () => (await first.Statuses()).Contains("running"), Patience);
            await first.Terminate();
            Assert.Equal(0, await first.ExitCode());
        }

        var python = new StubPython(git.Root);
        await using var second = await Served.Start(git.Root, environment);
        await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);

        Assert.Equal(("succeeded", 1), Outcome(await second.Job(cut)));
        Assert.Equal(["slow"], python.Runs().Select(r => r.Repo));
    }

    // Starts an import whose script (given the file to write a pid to) writes one, then kills gitreload with SIGKILL: that pid.
    private async Task<int> PidLeftByAnImportWhoseHostIsKilled(Func<string, string> script)
    {
        git.Clone("course");
        var python = new StubPython(git.Root);
        var pidFile = Path.Combine(git.Root, "import.pid");
        File.WriteAllText(Path.Combine(python.VirtualEnv, "bin", "python"), script(pidFile));

        await using (var first = await Served.Start(git.Root, Environment(python, threads: 1)))
        {
            await first.Acknowledged("/", "course");
            await RunningHost.WaitFor(() => Task.FromResult(File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0), Patience);
            first.Kill();
        }
        return int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_import_dies_with_the_gitreload_that_started_it()
    {
        // This import says its pid, then runs far longer than the test, as a big course would.
        var import = await PidLeftByAnImportWhoseHostIsKilled(pidFile => $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 300\n");
        await RunningHost.WaitFor(() => Task.FromResult(!Alive(import)), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_process_an_import_moved_to_a_session_of_its_own_dies_with_gitreload_too()
    {
        // This import starts a helper in a session of its own (out of the import's process group), says its pid, and runs on.
        var helper = await PidLeftByAnImportWhoseHostIsKilled(pidFile => $"#!/bin/sh\nsetsid sleep 300 &\necho $! > '{pidFile}'\nexec sleep 300\n");
        try
        {
            await RunningHost.WaitFor(() => Task.FromResult(!Alive(helper)), TimeSpan.FromSeconds(15));
        }
        finally
        {
            if (Alive(helper)) System.Diagnostics.Process.GetProcessById(helper).Kill();
        }
    }

    // Gone, or a zombie nobody waits for yet.
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task An_atomic_update_cut_off_by_a_kill_9_leaves_the_published_tree_intact_and_the_next_run_cleans_the_leftover()
    {
        var checkout = git.Clone("grader");
        var release = Path.Combine(git.Root, "release");
        var checking = Path.Combine(git.Root, "checking");
        var environment = Environment(new StubPython(git.Root), threads: 1);
        environment["PUBLISH"] = """{"*": "atomic"}""";
        // The check waits for the test: a kill that misses the checkout still lands before the publish.
        environment["VERIFY_COMMAND"] = $$"""["sh", "-c", "touch '{{checking}}'; while [ ! -e '{{release}}' ]; do sleep 0.05; done"]""";
        File.WriteAllText(release, "");
        var store = Path.Combine(git.RepoDir, ".gitreload", "grader");
        try
        {
            string published;
            var many = CommitMany("grader", 3000);
            await using (var first = await Served.Start(git.Root, environment))
            {
                await first.Acknowledged("/update", "grader");
                await RunningHost.WaitFor(async () => (await first.Statuses()).Length == 0, Patience);
                published = new DirectoryInfo(checkout).LinkTarget!;
                File.Delete(release);
                File.Delete(checking);

                var cut = git.Commit("grader", "grader.py", "v2\n");
                await first.Acknowledged("/update", "grader");
                var building = Path.Combine(store, "building");
                var deadline = DateTime.UtcNow + Patience;
                while (!File.Exists(checking) && !(Directory.Exists(building) && Directory.EnumerateFileSystemEntries(building, "*", SearchOption.AllDirectories).Skip(10).Any()))
                {
                    Assert.True(DateTime.UtcNow < deadline, "the second update never started its tree");
                    await Task.Delay(5);
                }
                first.Kill();
                await first.Exit();
                output.WriteLine(File.Exists(checking) ? "killed while the check ran" : "killed while the new tree was checked out");
                Assert.NotEqual(cut, TempGit.Head(checkout));
            }

            Assert.Equal((published, many), (new DirectoryInfo(checkout).LinkTarget, TempGit.Head(checkout)));
            Assert.False(File.Exists(Path.Combine(checkout, "grader.py")));
            Assert.Equal(3000, Directory.GetFiles(Path.Combine(checkout, "many")).Length);

            File.WriteAllText(release, "");
            await using var second = await Served.Start(git.Root, environment);
            await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);

            Assert.Equal("v2\n", File.ReadAllText(Path.Combine(checkout, "grader.py")));
            Assert.Empty(Directory.Exists(Path.Combine(store, "building")) ? Directory.GetFileSystemEntries(Path.Combine(store, "building")) : []);
            Assert.Equal(2, Directory.GetDirectories(Path.Combine(store, "trees")).Length);
        }
        finally
        {
            File.WriteAllText(release, "");
        }
    }

    [Fact]
    public async Task A_tree_whose_check_a_kill_9_cut_off_is_never_kept_and_a_rollback_never_goes_to_it()
    {
        var checkout = git.Clone("grader");
        var release = Path.Combine(git.Root, "release");
        var checking = Path.Combine(git.Root, "checking");
        var environment = Environment(new StubPython(git.Root), threads: 1);
        environment["PUBLISH"] = """{"*": "atomic"}""";
        environment["ADMIN_TOKEN"] = "operator-token";
        // The check waits for the test, then refuses a broken grader.
        environment["VERIFY_COMMAND"] = $$"""["sh", "-c", "touch '{{checking}}'; while [ ! -e '{{release}}' ]; do sleep 0.05; done; ! grep -q broken '{repo_dir}/grader.py'"]""";
        File.WriteAllText(release, "");
        var trees = Path.Combine(git.RepoDir, ".gitreload", "grader", "trees");
        try
        {
            var good = git.Commit("grader", "grader.py", "good 1\n");
            string broken;
            await using (var first = await Served.Start(git.Root, environment))
            {
                await first.Acknowledged("/update", "grader");
                await RunningHost.WaitFor(async () => (await first.Statuses()).Length == 0, Patience);
                File.Delete(release);
                File.Delete(checking);
                broken = git.Commit("grader", "grader.py", "broken\n");
                await first.Acknowledged("/update", "grader");
                await RunningHost.WaitFor(() => Task.FromResult(File.Exists(checking)), Patience);
                first.Kill();
                await first.Exit();
            }

            File.WriteAllText(release, "");
            await using var second = await Served.Start(git.Root, environment);
            await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);
            var next = git.Commit("grader", "grader.py", "good 2\n");
            var update = await second.Acknowledged("/update", "grader");
            await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);
            Assert.Equal(("succeeded", next), ((await second.Job(update)).GetProperty("status").GetString(), TempGit.Head(checkout)));

            Assert.DoesNotContain(Directory.GetDirectories(trees), tree => tree.EndsWith(broken, StringComparison.Ordinal));
            var rollingBack = await second.RollBack("grader", "operator-token");
            await RunningHost.WaitFor(async () => (await second.Statuses()).Length == 0, Patience);
            var rollback = await second.Job(rollingBack);
            Assert.Equal(("succeeded", next, good), (rollback.GetProperty("status").GetString(), rollback.GetProperty("sha_before").GetString(), rollback.GetProperty("sha_after").GetString()));
            Assert.Equal((good, "good 1\n"), (TempGit.Head(checkout), File.ReadAllText(Path.Combine(checkout, "grader.py"))));
        }
        finally
        {
            File.WriteAllText(release, "");
        }
    }

    // One commit adding many files to origin (through TempGit's upstream clone), so checking it out takes a while.
    private string CommitMany(string name, int count)
    {
        var work = Path.Combine(git.Root, "upstream", name);
        Directory.CreateDirectory(Path.Combine(work, "many"));
        for (var i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(work, "many", $"file{i:D5}.txt"), $"file {i}\n");
        TempGit.Run(work, "add", "many");
        TempGit.Run(work, "commit", "--quiet", "-m", "many files");
        TempGit.Run(work, "push", "--quiet", "origin", "HEAD");
        return TempGit.Head(work);
    }

    private static (string?, int) Outcome(JsonElement job) => (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32());

    /// <summary>One run of the <c>gitreload</c> process and a client for it.</summary>
    private sealed class Served : IAsyncDisposable
    {
        private readonly Process process;
        private readonly HttpClient client;

        private Served(Process process, string url)
        {
            this.process = process;
            client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            // Keep the pipes drained: a full pipe would block the process's logging.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
        }

        public static async Task<Served> Start(string folder, Dictionary<string, string> environment)
        {
            var process = GitReloadProcess.Start(folder, environment, "--port", "0");
            return new Served(process, await GitReloadProcess.ListeningUrl(process));
        }

        /// <summary>Pushes to <paramref name="repo"/> and returns the job id of the 200 answer.</summary>
        public async Task<long> Acknowledged(string route, string repo)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(Some.PushTo(repo), System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-GitHub-Event", "push");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("job_id").GetInt64();
        }

        /// <summary>Asks for a rollback of <paramref name="repo"/> and returns the job id of the 200 answer.</summary>
        public async Task<long> RollBack(string repo, string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/repos/{repo}/rollback");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("job_id").GetInt64();
        }

        public async Task<string> Try(string route, string repo)
        {
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(Some.PushTo(repo), System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-GitHub-Event", "push");
                var response = await client.SendAsync(request);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                return "refused: " + e.Message;
            }
        }

        public async Task<string[]> Statuses()
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/queue"));
            return json.RootElement.GetProperty("queue").EnumerateArray().Select(j => j.GetProperty("status").GetString()!).ToArray();
        }

        public async Task<JsonElement> Job(long id)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync($"/jobs/{id}"));
            return json.RootElement.Clone();
        }

        public void Kill() => process.Kill();

        public Task Exit() => process.WaitForExitAsync().WaitAsync(Patience);

        public bool Exited => process.HasExited;

        public async Task Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        public async Task<int> ExitCode()
        {
            await process.WaitForExitAsync().WaitAsync(Patience);
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
