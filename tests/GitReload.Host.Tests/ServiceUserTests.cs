using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitReload.Tests.Shared;

namespace GitReload.Host.Tests;

/// <summary>
/// The real <c>gitreload</c> process run as a service account (uid 65534) over folders root made, as after a clone with
/// sudo: what it answers and says when its user may not read REPODIR or write a checkout.
/// </summary>
public sealed class ServiceUserTests : IDisposable
{
    private const int ServiceUid = 65534;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    // The service's own folder (its HOME and STATE_DIR), the only one it may write.
    private string ServiceHome => Path.Combine(git.Root, "service");

    private Dictionary<string, string> Environment()
    {
        Directory.CreateDirectory(ServiceHome);
        var python = new StubPython(git.Root);
        TempGit.Chown(ServiceHome, ServiceUid);
        return new()
        {
            ["HOME"] = ServiceHome,
            ["REPODIR"] = git.RepoDir,
            ["VIRTUAL_ENV"] = python.VirtualEnv,
            ["EDX_PLATFORM"] = python.EdxPlatform,
            ["STATE_DIR"] = Path.Combine(ServiceHome, "state"),
            ["LOG_LEVEL"] = "info",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    private static async Task<(HttpClient Client, Task<string> Errors)> Started(Process process)
    {
        var errors = process.StandardError.ReadToEndAsync();
        var url = await GitReloadProcess.ListeningUrl(process);
        _ = process.StandardOutput.ReadToEndAsync();
        return (new HttpClient { BaseAddress = new Uri(url), Timeout = Patience }, errors);
    }

    private static async Task Terminate(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Push(HttpClient client, string repo)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(Some.PushTo(repo), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        using var answer = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return (answer.StatusCode, json.RootElement.Clone());
    }

    [Fact]
    public async Task A_REPODIR_the_service_user_cannot_read_is_a_server_configuration_issue_and_the_log_says_it_cannot_be_read()
    {
        git.Clone("course");
        File.SetUnixFileMode(git.RepoDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var process = GitReloadProcess.StartAs(ServiceUid, git.Root, Environment(), "--port", "0");
        var (client, errors) = await Started(process);
        using (client)
        {
            var (status, body) = await Push(client, "course");
            await Terminate(process);

            Assert.Equal((HttpStatusCode.InternalServerError, "Server configuration issue"), (status, body.GetProperty("msg").GetString()));
            var log = await errors;
            Assert.Contains("this host cannot act on the checkout: REPODIR cannot be read by the user GitReload runs as (permission denied)", log);
            Assert.DoesNotContain("REPODIR does not exist", log);
        }
    }

    [Fact]
    public async Task A_checkout_another_user_keeps_to_itself_is_not_valid_and_the_log_says_whose_it_is()
    {
        var course = git.Clone("course");
        File.SetUnixFileMode(course, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var process = GitReloadProcess.StartAs(ServiceUid, git.Root, Environment(), "--port", "0");
        var (client, errors) = await Started(process);
        using (client)
        {
            var (status, body) = await Push(client, "course");
            await Terminate(process);

            Assert.Equal((HttpStatusCode.InternalServerError, "Repository not valid"), (status, body.GetProperty("msg").GetString()));
            var log = await errors;
            Assert.Contains($"the folder of that name in REPODIR is owned by uid 0, not by uid {ServiceUid} that GitReload runs as", log);
            Assert.DoesNotContain("there is no git checkout of that name in REPODIR", log);
        }
    }

    private static async Task<(int ExitCode, string Errors)> CheckConfigAs(int uid, string workingDirectory, Dictionary<string, string> environment)
    {
        using var process = GitReloadProcess.StartAs(uid, workingDirectory, environment, "check-config");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        await output;
        return (process.ExitCode, await errors);
    }

    private static string CannotRead(string repoDir) =>
        $"REPODIR {repoDir} cannot be read by this user (uid {ServiceUid}): permission denied on it or on a folder above it, so every hook will answer 500 'Server configuration issue'; "
        + "give the user GitReload runs as read and search access (r-x) to it, and search access (x) to every folder above it";

    [Fact]
    public async Task Check_config_as_a_service_user_who_cannot_read_REPODIR_is_a_problem_that_says_so_and_what_to_do()
    {
        File.SetUnixFileMode(git.RepoDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (exitCode, errors) = await CheckConfigAs(ServiceUid, git.Root, Environment());

        Assert.Equal(1, exitCode);
        Assert.Contains($"problem: {CannotRead(git.RepoDir)}", errors.Split('\n'));
    }

    [Fact]
    public async Task A_REPODIR_under_a_folder_the_service_user_cannot_enter_is_unreadable_not_missing_in_check_config_the_start_the_hook_log_and_health()
    {
        var hidden = Directory.CreateDirectory(Path.Combine(git.Root, "private")).FullName;
        var repoDir = Directory.CreateDirectory(Path.Combine(hidden, "repos")).FullName;
        File.SetUnixFileMode(hidden, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = Environment();
        environment["REPODIR"] = repoDir;

        var (exitCode, checkErrors) = await CheckConfigAs(ServiceUid, git.Root, environment);
        using var process = GitReloadProcess.StartAs(ServiceUid, git.Root, environment, "--port", "0");
        var (client, errors) = await Started(process);
        using (client)
        {
            var (status, _) = await Push(client, "course");
            using var health = await client.GetAsync("/healthz");
            using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            var repodirHealth = healthJson.RootElement.GetProperty("checks").GetProperty("repodir").GetProperty("description").GetString();
            await Terminate(process);
            var log = await errors;

            Assert.Equal(1, exitCode);
            Assert.Contains($"problem: {CannotRead(repoDir)}", checkErrors.Split('\n'));
            Assert.Contains($"Configuration problem: {CannotRead(repoDir)}", log);
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Contains("this host cannot act on the checkout: REPODIR cannot be read by the user GitReload runs as (permission denied)", log);
            Assert.Equal((HttpStatusCode.ServiceUnavailable, $"REPODIR {repoDir} is not readable by uid {ServiceUid} (permission denied on it or on a folder above it)"), (health.StatusCode, repodirHealth));
            Assert.DoesNotContain($"REPODIR {repoDir} does not exist", checkErrors + log);
            Assert.DoesNotContain("REPODIR does not exist", log);
        }
    }

    [Fact]
    public async Task An_update_of_a_checkout_the_service_user_cannot_write_fails_once_for_good_saying_which_file_and_which_user()
    {
        var checkout = git.Clone("course");
        var environment = Environment();
        // What an operator did next in the trial: git then opens the checkout, but its files stay root's.
        File.WriteAllText(Path.Combine(ServiceHome, ".gitconfig"), "[safe]\n\tdirectory = *\n");
        TempGit.Chown(Path.Combine(ServiceHome, ".gitconfig"), ServiceUid);
        using var process = GitReloadProcess.StartAs(ServiceUid, git.Root, environment, "--port", "0");
        var (client, errors) = await Started(process);
        using (client)
        {
            var (status, body) = await Push(client, "course");
            Assert.Equal(HttpStatusCode.OK, status);
            var id = body.GetProperty("job_id").GetInt64();
            JsonElement job = default;
            await RunningHost.WaitFor(async () =>
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync($"/jobs/{id}"));
                job = json.RootElement.Clone();
                return job.GetProperty("status").GetString() is "failed" or "succeeded";
            }, Patience);
            await Terminate(process);

            Assert.Equal(("failed", 1), (job.GetProperty("status").GetString(), job.GetProperty("attempts").GetInt32()));
            Assert.Contains(
                $"cannot write {Path.Combine(checkout, ".git", "FETCH_HEAD")}: permission denied; the checkout must be writable by the user GitReload runs as (uid {ServiceUid})",
                job.GetProperty("error").GetString());
            Assert.DoesNotContain("a lock file is held", job.GetProperty("error").GetString());
        }
    }
}
