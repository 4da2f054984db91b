using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reports;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Domain.Tests;

/// <summary>How a job's status and end follow from its targets, and what its commit status says.</summary>
public class JobEndTests
{
    private static readonly JobOutcome Ok = new JobOutcome.Succeeded(Some("a"), Some("b"), "", 1);

    private static JobOutcome Failed(string why, bool transient) => new JobOutcome.Failed(new JobFailure(why, "", transient), 3);

    private static TargetEnd End(string host, TargetStatus status, JobOutcome? outcome = null) =>
        new(Some(Tests.Some.HostOf(host)), status, Optional(outcome));

    [Theory]
    [InlineData("queued,queued", JobStatus.Queued)]
    [InlineData("queued,running", JobStatus.Running)]
    [InlineData("succeeded,queued", JobStatus.Running)]
    [InlineData("succeeded,succeeded", JobStatus.Succeeded)]
    [InlineData("succeeded,failed", JobStatus.Failed)]
    [InlineData("superseded,succeeded", JobStatus.Succeeded)]
    [InlineData("superseded", JobStatus.Succeeded)]
    [InlineData("cancelled,succeeded", JobStatus.Succeeded)]
    [InlineData("cancelled", JobStatus.Cancelled)]
    public void A_job_s_status_follows_its_targets(string targets, JobStatus expected) =>
        Assert.Equal(expected, JobProgress.Of(targets.Split(',').Select(t => Enum.Parse<TargetStatus>(t, ignoreCase: true)).ToSeq()));

    [Fact]
    public void A_host_alone_ends_as_its_target_did()
    {
        var finished = JobEnd.Of(new JobId(7), Tests.Some.Job(), Seq1(End("a", TargetStatus.Succeeded, Ok)));

        Assert.Equal((Ok, HostTally.One), (finished.Outcome, finished.Tally));
    }

    [Fact]
    public void A_fleet_job_succeeds_on_every_host_and_says_so_in_its_status()
    {
        var finished = JobEnd.Of(new JobId(7), Tests.Some.Job().WithSource(new Hooks.ForgeRepo(Hooks.Forge.GitHub, "org/course")),
            Seq(End("a", TargetStatus.Succeeded, Ok), End("b", TargetStatus.Succeeded, Ok), End("c", TargetStatus.Succeeded, Ok)));

        Assert.Equal("Checkout updated on 3 of 3 hosts (job 7)", Assert.Single(CommitStatuses.For(finished)).Description);
    }

    [Fact]
    public void A_fleet_job_fails_naming_the_host_and_its_error_an_error_only_when_every_failure_may_pass()
    {
        var finished = JobEnd.Of(new JobId(7), Tests.Some.Job(),
            Seq(End("a", TargetStatus.Succeeded, Ok), End("b", TargetStatus.Failed, Failed("origin could not be reached", transient: true)), End("c", TargetStatus.Failed, Failed("permission denied", transient: false))));

        var failure = Assert.IsType<JobOutcome.Failed>(finished.Outcome).Failure;
        Assert.Equal(("on b: origin could not be reached (and 1 more of 3 hosts)", false), (failure.Message, failure.Transient));
        Assert.Equal(new HostTally(1, 0, 2, 3), finished.Tally);
    }

    [Fact]
    public void A_failed_fleet_job_names_the_commits_its_hosts_agree_stood_before_and_stand_after()
    {
        JobOutcome StoodAt(string sha) => new JobOutcome.Failed(new JobFailure("check failed", "", false), 1) { ShaBefore = Some(sha), ShaAfter = Some(sha) };
        var agreed = JobEnd.Of(new JobId(7), Tests.Some.Job(), Seq(End("a", TargetStatus.Failed, StoodAt("v1")), End("b", TargetStatus.Failed, StoodAt("v1"))));
        var apart = JobEnd.Of(new JobId(8), Tests.Some.Job(), Seq(End("a", TargetStatus.Failed, StoodAt("v1")), End("b", TargetStatus.Failed, StoodAt("v0"))));

        var failed = Assert.IsType<JobOutcome.Failed>(agreed.Outcome);
        Assert.Equal(("v1", "v1"), (failed.ShaBefore.IfNone(""), failed.ShaAfter.IfNone("")));
        Assert.True(Assert.IsType<JobOutcome.Failed>(apart.Outcome).ShaBefore.IsNone);
    }

    [Fact]
    public void A_job_whose_hosts_were_all_retired_says_so()
    {
        var finished = JobEnd.Of(new JobId(7), Tests.Some.Job().WithSource(new Hooks.ForgeRepo(Hooks.Forge.GitHub, "org/course")), Seq1(End("a", TargetStatus.Cancelled)));

        Assert.StartsWith("Cancelled", Assert.Single(CommitStatuses.For(finished)).Description);
    }
}
