using GitReload.Tests.Shared;
using System.Text.Json.Nodes;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Reporting.Tests;

public sealed class CommitStatusTests : IAsyncDisposable
{
    private readonly LogRecorder logs = new();
    private FakeForge? forge;

    public async ValueTask DisposeAsync()
    {
        if (forge is not null) await forge.DisposeAsync();
    }

    private async Task<FakeForge> Forge() => forge = await FakeForge.Start();

    private JobReporter Reporter(ReportingSettings settings) =>
        new(new ChannelJobEvents(), settings, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, TimeProvider.System,
            LoggerFactory.Create(b => b.AddProvider(logs)).CreateLogger<JobReporter>());

    private static Option<ForgeAccess> Access(Uri url, string token = Some.Token) => new ForgeAccess(Option<Uri>.Some(url), token);

    private static string Json(string body) => JsonNode.Parse(body)!.ToJsonString();

    private string[] Warnings => logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task A_queued_then_imported_job_posts_pending_then_success_on_github_with_the_token_and_job_link()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Succeeded), default);

        var calls = github.Calls.ToArray();
        Assert.All(calls, c => Assert.Equal(("POST", $"/api/v3/repos/mitodl/course/statuses/{Some.Sha}", $"Token {Some.Token}"), (c.Method, c.Target, c.Authorization)));
        Assert.Equal(
            [
                """{"state":"pending","target_url":"https://reload.example.edu/jobs/42","description":"Queued as job 42","context":"gitreload/import"}""",
                """{"state":"success","target_url":"https://reload.example.edu/jobs/42","description":"Course imported (job 42)","context":"gitreload/import"}""",
            ],
            calls.Select(c => Json(c.Body)));
    }

    [Fact]
    public async Task A_failed_import_posts_failure_with_the_reason_and_a_transient_update_failure_posts_error()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Failed()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(action: JobAction.GetLatest), Some.Failed("git fetch of course failed: network\nunreachable", transient: true)), default);

        Assert.Equal(
            [
                ("failure", "Course import of course exited with code 1", "gitreload/import"),
                ("error", "git fetch of course failed: network unreachable", "gitreload/update"),
            ],
            github.Calls.Select(c => JsonNode.Parse(c.Body)!).Select(b => ((string)b["state"]!, (string)b["description"]!, (string)b["context"]!)));
    }

    [Fact]
    public async Task Credentials_in_a_url_of_the_failure_are_hidden_in_the_status()
    {
        var github = await Forge();
        var failure = Some.Failed("branch master no longer exists on origin https://deploy:ghp_S3cret@git.example.edu/org/course.git");

        await Reporter(Some.Settings(github: Access(github.Url))).Report(new JobEvent.Finished(Some.JobId, Some.Job(), failure), default);

        Assert.Equal(
            "branch master no longer exists on origin https://***@git.example.edu/org/course.git",
            (string)JsonNode.Parse(github.Calls.Single().Body)!["description"]!);
    }

    [Fact]
    public async Task A_description_longer_than_github_allows_is_cut_to_140_characters()
    {
        var github = await Forge();
        await Reporter(Some.Settings(github: Access(github.Url))).Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Failed(new string('x', 500))), default);

        Assert.Equal(140, ((string)JsonNode.Parse(github.Calls.Single().Body)!["description"]!).Length);
    }

    [Fact]
    public async Task A_merged_push_marks_the_replaced_sha_superseded_and_puts_pending_on_the_newest()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Merged(Some.JobId, Some.Job(), Some.Job(after: Some.NewerSha)), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(after: Some.NewerSha), Some.Succeeded), default);

        Assert.Equal(
            [
                (Some.Sha, "success", "Superseded by 9f2c4b1, a newer push that job 42 takes instead"),
                (Some.NewerSha, "pending", "Queued as job 42"),
                (Some.NewerSha, "success", "Course imported (job 42)"),
            ],
            github.Calls.Select(c => (c.Target.Split('/').Last(), (string)JsonNode.Parse(c.Body)!["state"]!, (string)JsonNode.Parse(c.Body)!["description"]!)));
    }

    [Fact]
    public async Task A_replayed_push_of_an_older_commit_posts_nothing_on_it()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));
        JobId first = new(1), second = new(2), replay = new(3);

        await reporter.Report(new JobEvent.Queued(first, Some.Job()), default);
        await reporter.Report(new JobEvent.Finished(first, Some.Job(), Some.Succeeded), default);
        await reporter.Report(new JobEvent.Queued(second, Some.Job(after: Some.NewerSha)), default);
        await reporter.Report(new JobEvent.Finished(second, Some.Job(after: Some.NewerSha), Some.Succeeded), default);
        await reporter.Report(new JobEvent.Queued(replay, Some.Job()), default);
        await reporter.Report(new JobEvent.Finished(replay, Some.Job(), Some.Succeeded), default);
        await reporter.Report(new JobEvent.Queued(new JobId(4), Some.Job(after: Some.NewerSha)), default);

        Assert.Equal(
            [(Some.Sha, "pending"), (Some.Sha, "success"), (Some.NewerSha, "pending"), (Some.NewerSha, "success"), (Some.NewerSha, "pending")],
            github.Calls.Select(c => (c.Target.Split('/').Last(), (string)JsonNode.Parse(c.Body)!["state"]!)));
        Assert.Contains(logs.Lines, l => l.StartsWith($"Information: The pending status on mitodl/course@{Some.Sha} (gitreload/import) of job 3 was not posted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_still_ends_its_own_commit_after_a_newer_push_was_queued_behind_it()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Queued(new JobId(1), Some.Job()), default);
        await reporter.Report(new JobEvent.Queued(new JobId(2), Some.Job(after: Some.NewerSha)), default);
        await reporter.Report(new JobEvent.Finished(new JobId(1), Some.Job(), Some.Failed()), default);
        await reporter.Report(new JobEvent.Queued(new JobId(3), Some.Job(action: JobAction.GetLatest)), default);

        Assert.Equal(
            [(Some.Sha, "pending"), (Some.NewerSha, "pending"), (Some.Sha, "failure"), (Some.Sha, "pending")],
            github.Calls.Select(c => (c.Target.Split('/').Last(), (string)JsonNode.Parse(c.Body)!["state"]!)));
    }

    [Fact]
    public async Task Gitea_and_forgejo_pushes_post_to_the_gitea_api_with_a_token_header()
    {
        var gitea = await Forge();
        var reporter = Reporter(Some.Settings(gitea: Access(gitea.Under("api/v1"), "gitea-token")));

        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(Domain.Hooks.Forge.Forgejo, action: JobAction.GetLatest), Some.Succeeded), default);

        var call = gitea.Calls.Single();
        Assert.Equal(($"/api/v1/repos/mitodl/course/statuses/{Some.Sha}", "token gitea-token"), (call.Target, call.Authorization));
        Assert.Equal("""{"state":"success","context":"gitreload/update","description":"Checkout updated (job 42)","target_url":"https://reload.example.edu/jobs/42"}""", Json(call.Body));
    }

    [Fact]
    public async Task Gitlab_gets_the_url_encoded_project_path_a_private_token_and_failed_for_an_error()
    {
        var gitlab = await Forge();
        var reporter = Reporter(Some.Settings(gitlab: Access(gitlab.Under("api/v4"), "glpat-x")));

        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(Domain.Hooks.Forge.GitLab, "group/sub/course"), Some.Failed("lock held", transient: true)), default);

        var call = gitlab.Calls.Single();
        Assert.Equal(($"/api/v4/projects/group%2Fsub%2Fcourse/statuses/{Some.Sha}", "glpat-x", null), (call.Target, call.PrivateToken, call.Authorization));
        Assert.Equal("""{"state":"failed","name":"gitreload/import","description":"lock held","target_url":"https://reload.example.edu/jobs/42"}""", Json(call.Body));
    }

    [Fact]
    public async Task A_job_asked_for_by_hand_a_push_without_a_full_name_or_an_unconfigured_forge_posts_nothing()
    {
        var github = await Forge();
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job() with { After = Option<string>.None }, Some.Failed()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job().WithSource(Option<ForgeRepo>.None), Some.Failed()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(Domain.Hooks.Forge.GitLab), Some.Failed()), default);
        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);

        Assert.Single(github.Calls);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task A_refusal_is_not_tried_again_and_is_logged_once_per_job(int refusal)
    {
        var github = await Forge();
        github.Answers = [refusal];
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Succeeded), default);
        await reporter.Report(new JobEvent.Queued(new JobId(43), Some.Job()), default);

        Assert.Equal(3, github.Calls.Count);
        Assert.Equal(2, Warnings.Length);
        Assert.Contains($"job 42 (mitodl/course@{Some.Sha} pending) was not posted: refused (HTTP {refusal}", Warnings[0]);
        Assert.DoesNotContain(Some.Token, string.Join("\n", logs.Lines));
    }

    [Fact]
    public async Task A_server_error_is_tried_three_times_and_a_later_success_needs_no_log()
    {
        var github = await Forge();
        github.Answers = [500, 502, 201];
        var reporter = Reporter(Some.Settings(github: Access(github.Url)));

        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);

        Assert.Equal(3, github.Calls.Count);
        Assert.Empty(Warnings);
    }

    [Fact]
    public async Task A_forge_that_refuses_connections_is_tried_three_times_then_logged_once()
    {
        var reporter = Reporter(Some.Settings(github: Access(FakeForge.Dead()), gitea: Access(FakeForge.Dead())));

        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Succeeded), default);

        Assert.Contains("failed after 3 tries", Assert.Single(Warnings));
    }

    [Fact]
    public async Task A_forge_that_does_not_answer_is_given_up_after_the_call_time_limit()
    {
        var github = await Forge();
        github.Delay = TimeSpan.FromSeconds(30);
        var reporter = Reporter(Some.Settings(github: Access(github.Url)) with { CallTimeout = TimeSpan.FromMilliseconds(300), Tries = 2 });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(10));
        Assert.Equal(2, github.Calls.Count);
        Assert.Contains("no answer within the time limit", Assert.Single(Warnings));
    }
}
