using System.Text.Json.Nodes;
using GitReload.Domain.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitReload.Adapters.Reporting.Tests;

public sealed class NotificationTests : IAsyncDisposable
{
    private FakeForge? hook;

    public async ValueTask DisposeAsync()
    {
        if (hook is not null) await hook.DisposeAsync();
    }

    private async Task<(FakeForge Hook, JobReporter Reporter)> Notifying(NotifyOn on, NotifyFormat format)
    {
        hook = await FakeForge.Start();
        var settings = Some.Settings(notify: new NotifySettings(hook.Under("hooks/abc"), on, format));
        return (hook, new JobReporter(new ChannelJobEvents(), settings, new HttpClient(), TimeProvider.System, NullLogger<JobReporter>.Instance));
    }

    private static JobEvent FailedImport => new JobEvent.Finished(Some.JobId, Some.Job(), Some.Failed());

    [Fact]
    public async Task A_failed_job_is_posted_as_plain_json_with_every_field()
    {
        var (hook, reporter) = await Notifying(NotifyOn.Failed, NotifyFormat.Json);

        await reporter.Report(FailedImport, default);

        var call = hook.Calls.Single();
        Assert.Equal(("POST", "/hooks/abc"), (call.Method, call.Target));
        Assert.Equal(
            """{"job_id":42,"repository":"course","full_name":"mitodl/course","action":"import","status":"failed","pushed_sha":"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c","sha_before":null,"sha_after":null,"error":"Course import of course exited with code 1","job_url":"https://reload.example.edu/jobs/42"}""",
            JsonNode.Parse(call.Body)!.ToJsonString());
    }

    [Theory]
    [InlineData(NotifyFormat.Json)]
    [InlineData(NotifyFormat.Slack)]
    [InlineData(NotifyFormat.Teams)]
    public async Task Credentials_in_a_url_of_the_error_are_hidden_in_every_format(NotifyFormat format)
    {
        var (hook, reporter) = await Notifying(NotifyOn.Failed, format);

        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Failed("git fetch of course (origin https://deploy:ghp_S3cret@host/org/course.git) failed")), default);

        var body = hook.Calls.Single().Body;
        Assert.DoesNotContain("ghp_S3cret", body);
        Assert.Contains("https://***@host/org/course.git", body);
    }

    [Fact]
    public async Task Only_failed_jobs_are_notified_unless_notify_on_is_all()
    {
        var (failedOnly, reporter) = await Notifying(NotifyOn.Failed, NotifyFormat.Json);
        await reporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Succeeded), default);
        await reporter.Report(new JobEvent.Queued(Some.JobId, Some.Job()), default);
        Assert.Empty(failedOnly.Calls);
        await failedOnly.DisposeAsync();

        var (all, everyReporter) = await Notifying(NotifyOn.All, NotifyFormat.Json);
        await everyReporter.Report(new JobEvent.Finished(Some.JobId, Some.Job(), Some.Succeeded), default);
        var body = JsonNode.Parse(all.Calls.Single().Body)!;
        Assert.Equal(("succeeded", "aaa1111", "bbb2222"), ((string)body["status"]!, (string)body["sha_before"]!, (string)body["sha_after"]!));
    }

    [Fact]
    public async Task The_slack_format_is_one_text_message_linking_the_job()
    {
        var (hook, reporter) = await Notifying(NotifyOn.Failed, NotifyFormat.Slack);

        await reporter.Report(FailedImport, default);

        Assert.Equal(
            """
            :x: <https://reload.example.edu/jobs/42|GitReload course import of mitodl/course failed (job 42)>
            *Repository:* mitodl/course
            *Action:* import
            *Status:* failed
            *Pushed:* 0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c
            *Error:* Course import of course exited with code 1
            """,
            (string)JsonNode.Parse(hook.Calls.Single().Body)!.AsObject().Single().Value!);
    }

    [Fact]
    public async Task The_teams_format_is_a_workflows_message_with_an_adaptive_card()
    {
        var (hook, reporter) = await Notifying(NotifyOn.Failed, NotifyFormat.Teams);

        await reporter.Report(FailedImport, default);

        var body = JsonNode.Parse(hook.Calls.Single().Body)!;
        var attachment = body["attachments"]![0]!;
        var card = attachment["content"]!;
        Assert.Equal(("message", "application/vnd.microsoft.card.adaptive", "AdaptiveCard"),
            ((string)body["type"]!, (string)attachment["contentType"]!, (string)card["type"]!));
        Assert.Equal(("GitReload course import of mitodl/course failed (job 42)", "Attention"), ((string)card["body"]![0]!["text"]!, (string)card["body"]![0]!["color"]!));
        Assert.Equal("Course import of course exited with code 1", (string)card["body"]![1]!["facts"]!.AsArray().Single(f => (string)f!["title"]! == "Error")!["value"]!);
        Assert.Equal("https://reload.example.edu/jobs/42", (string)card["actions"]![0]!["url"]!);
    }
}
