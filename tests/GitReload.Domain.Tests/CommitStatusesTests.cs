using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reports;
using LanguageExt;
using Snapshooter.Xunit;
using GitReload.Domain.Fleet;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

public class CommitStatusesTests
{
    private static readonly JobId Id = new(7);
    private static readonly ForgeRepo Repo = new(Forge.GitHub, "mitodl/course");

    private static JobRequest Pushed(Option<string> after) =>
        new JobRequest((RepoName)RepoName.Parse("course"), JobAction.GetLatest, "git@example.org:course.git", "master", after).WithSource(Repo);

    private static string[] Table(JobEvent jobEvent) =>
        CommitStatuses.For(jobEvent).Map(s => $"{s.Repo.FullName}@{s.Sha} {s.State} {s.Context}: {s.Description}").ToArray();

    private static JobRequest Import(string after) => Pushed(after) with { Action = JobAction.CourseImport };

    private static JobOutcome Done => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1);

    private static JobOutcome Failed(string message, bool transient) => new JobOutcome.Failed(new JobFailure(message, "", transient), 1);

    private static readonly (string Name, JobEvent Event)[] Events =
    [
        ("queued by hand", new JobEvent.Queued(Id, Pushed(LanguageExt.Option<string>.None))),
        ("queued update", new JobEvent.Queued(Id, Pushed("abc1234567"))),
        ("queued import", new JobEvent.Queued(Id, Import("abc1234567"))),
        ("queued, delivery named no repository", new JobEvent.Queued(Id, Pushed("abc1234567") with { Source = Option<ForgeRepo>.None })),
        ("merged, same sha", new JobEvent.Merged(Id, Pushed("abc1234567"), Pushed("abc1234567"))),
        ("merged, newer sha", new JobEvent.Merged(Id, Pushed("abc1234567"), Pushed("def4567890"))),
        ("merged, then asked for by hand", new JobEvent.Merged(Id, Pushed("abc1234567"), Pushed(LanguageExt.Option<string>.None))),
        ("update succeeded on this host", new JobEvent.Finished(Id, Pushed("abc1234567"), Done)),
        ("import succeeded", new JobEvent.Finished(Id, Import("abc1234567"), Done)),
        ("update succeeded on 3 of 3 hosts", new JobEvent.Finished(Id, Pushed("abc1234567"), Done) { Tally = new HostTally(3, 0, 0, 3) }),
        ("update: 2 ran, 1 superseded", new JobEvent.Finished(Id, Pushed("abc1234567"), Done) { Tally = new HostTally(2, 1, 0, 3) }),
        ("update superseded everywhere", new JobEvent.Finished(Id, Pushed("abc1234567"), Done) { Tally = new HostTally(0, 2, 0, 2) }),
        ("update for retired hosts only", new JobEvent.Finished(Id, Pushed("abc1234567"), Done) { Tally = new HostTally(0, 0, 0, 0) }),
        ("import failed", new JobEvent.Finished(Id, Import("abc1234567"), Failed("Course import of course exited with code 1", transient: false))),
        ("update failed for now", new JobEvent.Finished(Id, Pushed("abc1234567"), Failed("git fetch of course failed: network\nunreachable", transient: true))),
        ("failure naming a URL with a token", new JobEvent.Finished(Id, Pushed("abc1234567"), Failed("cannot fetch https://deploy:ghp_S3cret@git.example.edu/course.git", transient: false))),
        ("failure longer than GitHub allows", new JobEvent.Finished(Id, Pushed("abc1234567"), Failed(new string('x', 200), transient: false))),
        ("fleet: 1 of 3 hosts failed", Fleet(On("lms-1", Done), On("lms-2", Failed("git fetch of course failed: refused", transient: false)), On("lms-3", Done))),
        ("fleet: 2 of 3 hosts failed for now", Fleet(On("lms-1", Failed("git fetch of course failed: timeout", transient: true)), On("lms-2", Done), On("lms-3", Failed("git fetch of course failed: reset", transient: true)))),
        ("fleet: failed for now and for good", Fleet(On("lms-1", Failed("git fetch of course failed: timeout", transient: true)), On("lms-2", Failed("Course import of course exited with code 1", transient: false)))),
        ("fleet: failed where not retired", Fleet(new TargetEnd(Some(Tests.Some.HostOf("lms-1")), TargetStatus.Cancelled, None), On("lms-2", Failed("git fetch of course failed: refused", transient: false)))),
    ];

    // A fleet job's end as the journal gives it: JobEnd.Of over how each host's target ended.
    private static JobEvent Fleet(params TargetEnd[] targets) => JobEnd.Of(Id, Pushed("abc1234567"), targets.ToSeq());

    private static TargetEnd On(string host, JobOutcome outcome) =>
        new(Some(Tests.Some.HostOf(host)), outcome is JobOutcome.Failed ? TargetStatus.Failed : TargetStatus.Succeeded, Some(outcome));

    [Fact]
    public void Every_job_event_has_one_reviewed_set_of_statuses() =>
        Snapshot.Match(Events.Select(e => $"{e.Name,-37} | " + (Table(e.Event) is { Length: > 0 } statuses ? string.Join(" + ", statuses) : "(nothing)")).ToArray());

    [Fact]
    public void A_job_asked_for_by_hand_reports_nothing()
    {
        Assert.Empty(Table(new JobEvent.Queued(Id, Pushed(LanguageExt.Option<string>.None))));
    }

    [Fact]
    public void A_redelivery_of_the_same_sha_merged_into_its_job_posts_nothing_new()
    {
        Assert.Empty(Table(new JobEvent.Merged(Id, Pushed("abc"), Pushed("abc"))));
    }

    [Fact]
    public void A_newer_push_merged_in_supersedes_the_older_sha_and_is_pending_itself()
    {
        Assert.Equal(
            ["mitodl/course@abc Success gitreload/update: Superseded by def4567, a newer push that job 7 takes instead", "mitodl/course@def4567890 Pending gitreload/update: Queued as job 7"],
            Table(new JobEvent.Merged(Id, Pushed("abc"), Pushed("def4567890"))));
    }
}
