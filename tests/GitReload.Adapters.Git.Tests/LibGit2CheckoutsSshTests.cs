using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class LibGit2CheckoutsSshTests : IDisposable
{
    private readonly Sshd sshd = new();

    [Fact]
    public async Task Update_over_ssh_with_a_deploy_key_brings_the_checkout_to_the_pushed_commit()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var before = repos.CheckoutHead();
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        var update = Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(new CheckoutUpdate(before, pushed), update);
        Assert.Equal(pushed, repos.CheckoutHead());
    }

    [Fact]
    public async Task An_update_whose_key_origin_rejects_fails_at_once_and_says_so()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var head = repos.CheckoutHead();
        repos.Push("chapter1.xml", "<chapter/>");
        Git.Run(repos.Checkout, "config", "core.sshCommand", sshd.RejectedKeyCommand);
        var job = new JobRequest(Some.Repo, JobAction.GetLatest, sshd.UrlOf(repos.OriginPath), Some.Branch, LanguageExt.Option<string>.None);
        var runJob = new RunJob(
            new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir)), new NoImports(), RetryPolicy.Default, TimeProvider.System, () => 0.5);

        var failed = Assert.IsType<JobOutcome.Failed>(await runJob.Handle(job, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(1, failed.Attempts);
        Assert.False(failed.Failure.Transient);
        // Any user name in an origin URL is hidden, since for https it is often a token.
        Assert.StartsWith($"git fetch of {Some.Repo} (origin ssh://***@127.0.0.1:{sshd.Port}{repos.OriginPath}) failed: origin refused this service's SSH key", failed.Failure.Message);
        Assert.EndsWith("(ssh: " + Environment.UserName + "@127.0.0.1: Permission denied (publickey).)", failed.Failure.Message);
        Assert.Equal(head, repos.CheckoutHead());
    }

    // The key file as an operator may leave it: copied by root without its mode, missing, or not a key at all. Origin
    // refuses every such connection too (no key was offered), but the cause is on this side and the hint says which.
    [Theory]
    [InlineData("readable by others", "ssh would not use the SSH key {0}: other users may read its file; make it mode 600, owned by the service user")]
    [InlineData("missing", "the SSH key file {0} named by core.sshCommand (or the ssh config) cannot be found")]
    [InlineData("not a key", "the SSH key file {0} is not a private key ssh can read")]
    public async Task An_update_whose_key_file_ssh_cannot_use_fails_at_once_naming_the_key_file_not_origin(string keyFile, string hint)
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var head = repos.CheckoutHead();
        repos.Push("chapter1.xml", "<chapter/>");
        var key = Path.Combine(sshd.Folder, "operator-key");
        switch (keyFile)
        {
            case "readable by others":
                File.Copy(sshd.DeployKey, key);
                File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                break;
            case "not a key":
                File.WriteAllText(key, "not a key\n");
                File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                break;
        }
        Git.Run(repos.Checkout, "config", "core.sshCommand", sshd.KeyFileCommand(key));

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains($"failed: {string.Format(System.Globalization.CultureInfo.InvariantCulture, hint, key)} (ssh: ", failure.Message);
        Assert.DoesNotContain("origin refused this service's SSH key", failure.Message);
        Assert.Equal(head, repos.CheckoutHead());
    }

    [Fact]
    public void A_key_file_the_service_user_cannot_read_is_named_as_the_cause_not_origin()
    {
        // What ssh says when the key file is root's and mode 600 (the tests run as root, who reads every file).
        var said = "Load key \"/etc/gitreload/course.key\": Permission denied\nedxapp@github.com: Permission denied (publickey).";

        var verdict = Ssh.SshDiagnosis.Of(new Ssh.SshRun("ssh -i /etc/gitreload/course.key", "ssh", true, 255, said));

        Assert.Equal(("the service user cannot read its SSH key file /etc/gitreload/course.key; make the service user the key's owner, mode 600", false), (verdict.Hint, verdict.Transient));
    }

    [Fact]
    public async Task An_update_over_ssh_of_a_repository_gone_from_origin_fails_for_good()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        Directory.Delete(repos.OriginPath, recursive: true);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains("origin's repository was not found over SSH", failure.Message);
    }

    [Fact]
    public async Task An_update_over_ssh_to_a_port_nobody_listens_on_fails_for_now_and_says_what_ssh_said()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Git.Run(repos.Checkout, "remote", "set-url", "origin", $"ssh://127.0.0.1:{port}{repos.OriginPath}");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.True(failure.Transient);
        Assert.Equal(
            $"git fetch of {Some.Repo} (origin ssh://127.0.0.1:{port}{repos.OriginPath}) failed: origin could not be reached over SSH (ssh: ssh: connect to host 127.0.0.1 port {port}: Connection refused)",
            failure.Message);
    }

    [Theory]
    [InlineData("{0}:{1}")]
    [InlineData("ssh://{0}{1}")]
    public async Task Update_over_ssh_reaches_the_port_only_the_ssh_config_names(string form)
    {
        using var repos = TempRepos.WithSshClone(path => string.Format(form, Sshd.Alias, path), sshd.ConfiguredCommand);
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.All(File.ReadAllLines(sshd.Runs), run => Assert.DoesNotContain("-p", run.Split(' ')));
    }

    [Fact]
    public async Task A_failed_fetch_over_ssh_is_diagnosed_from_ssh_run_as_the_fetch_runs_it()
    {
        using var repos = TempRepos.WithSshClone(path => $"{Sshd.Alias}:{path}", sshd.ConfiguredCommand);
        Git.Run(repos.Checkout, "config", "core.sshCommand", sshd.ConfiguredRejectedCommand);
        File.Delete(sshd.Runs);

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains("failed: origin refused this service's SSH key", failure.Message);
        Assert.Single(File.ReadAllLines(sshd.Runs).Distinct());
    }

    [Fact]
    public async Task Update_over_ssh_runs_core_sshCommand_through_the_shell_as_git_does()
    {
        using var repos = TempRepos.WithSshClone(path => $"{Sshd.Alias}:{path}", $"'{sshd.ConfiguredCommand}' -o ConnectTimeout=30");
        var pushed = repos.Push("chapter1.xml", "<chapter/>");

        Updates.Succeeded(await Updates.Run(repos));

        Assert.Equal(pushed, repos.CheckoutHead());
        Assert.Contains(File.ReadAllLines(sshd.Runs), run => run.StartsWith("-o ConnectTimeout=30 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Twenty_fetches_over_ssh_leave_no_defunct_ssh_process_behind()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        var checkouts = new LibGit2Checkouts(new GitCheckoutSettings(repos.RepoDir));

        for (var i = 0; i < 20; i++) Updates.Succeeded(await checkouts.Update(Some.Repo, Some.Branch, CancellationToken.None));

        // .NET reaps a child it started as soon as it exits, and other tests start processes meanwhile:
        // a moment with no defunct child at all is enough; libgit2's zombies would stay for good.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var defunct = Children.Defunct();
        while (defunct.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            defunct = Children.Defunct();
        }
        Assert.Empty(defunct);
    }

    [Fact]
    public async Task An_update_whose_ssh_command_cannot_be_run_fails_for_good_and_says_so()
    {
        using var repos = TempRepos.WithSshClone(sshd.UrlOf, sshd.DeployKeyCommand);
        Git.Run(repos.Checkout, "config", "core.sshCommand", "/nonexistent/ssh -i key");

        var failure = Updates.Failed(await Updates.Run(repos));

        Assert.False(failure.Transient);
        Assert.Contains("failed: the SSH command cannot be run (/nonexistent/ssh -i key -p ", failure.Message);
        Assert.Contains("check GIT_SSH_COMMAND, core.sshCommand or GIT_SSH", failure.Message);
    }

    public void Dispose() => sshd.Dispose();

    private sealed class NoImports : ICourseImporter
    {
        public Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an update job imported");
    }
}
