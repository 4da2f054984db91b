using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;

namespace GitReload.Tests.Shared.Journal;

// What every journal promises to the reconcile loop, the healing of failed updates and redeliveries.
public abstract partial class JournalContract
{
    private static readonly TimeSpan Round = TimeSpan.FromMinutes(5);
    private static readonly RepoName Course = (RepoName)RepoName.Parse("course");

    private async Task<JobId> Offered(JobRequest request, JobTrigger trigger, string? delivery = null) =>
        Ok(await Journal.Offer(Prelude.Seq1(Offer(request, delivery) with { Trigger = trigger }), default)).Single().Answer.Id;

    private async Task<JobId> RunToEnd(JobOutcome outcome)
    {
        var claimed = await Claim();
        Ok(await Journal.Finish(Here, claimed.Job, outcome, default));
        return claimed.Job;
    }

    private static JobOutcome FailedFor(bool transient) => new JobOutcome.Failed(new JobFailure("origin could not be reached", "", transient), 3);

    private async Task<OriginRound> ClaimRound(string branch = "master", JobAction follow = JobAction.GetLatest) =>
        Ok(await Journal.Claim(Course, branch, follow, Here, Round, default)).IfNone(() => throw new Xunit.Sdk.XunitException("the round was not claimed"));

    [Fact]
    public async Task A_claimed_job_says_what_started_it()
    {
        await Offered(Job(), JobTrigger.Poll);

        Assert.Equal(JobTrigger.Poll, (await Claim()).Trigger);
    }

    [Fact]
    public async Task A_delivery_whose_job_failed_is_no_longer_a_duplicate_and_its_redelivery_takes_the_id()
    {
        var first = (await Add(Job(), "d-1")).Id;
        await RunToEnd(FailedFor(transient: true));

        Assert.True(Ok(await Journal.Accepted("d-1", default)).IsNone);
        var again = (await Add(Job(), "d-1")).Id;
        Assert.NotEqual(first, again);
        Assert.Equal(Option<JobId>.Some(again), Ok(await Journal.Accepted("d-1", default)));
    }

    [Fact]
    public async Task A_delivery_whose_job_was_cancelled_is_no_longer_a_duplicate()
    {
        await Add(Job(), "d-1");
        Ok(await Journal.Forget(Here, default));

        Assert.True(Ok(await Journal.Accepted("d-1", default)).IsNone);
    }

    [Fact]
    public async Task A_delivery_whose_job_succeeded_or_still_waits_stays_a_duplicate()
    {
        var done = (await Add(Job("a"), "d-1")).Id;
        await RunToEnd(Succeeded());
        var waiting = (await Add(Job("b"), "d-2")).Id;

        Assert.Equal(Option<JobId>.Some(done), Ok(await Journal.Accepted("d-1", default)));
        Assert.Equal(Option<JobId>.Some(waiting), Ok(await Journal.Accepted("d-2", default)));
    }

    [Fact]
    public async Task One_host_asks_a_checkout_s_origin_per_round_until_its_claim_runs_out()
    {
        var other = HostOf("host-b");
        Ok(await Journal.Join(other, "test", default));

        Assert.True(Ok(await Journal.Claim(Course, "master", JobAction.GetLatest, Here, Round, default)).IsSome);
        Assert.True(Ok(await Journal.Claim(Course, "master", JobAction.GetLatest, other, Round, default)).IsNone);
        Assert.True(Ok(await Journal.Claim(Course, "devel", JobAction.GetLatest, other, Round, default)).IsSome, "another branch is another round");
        Clock.Advance(Round);
        Assert.True(Ok(await Journal.Claim(Course, "master", JobAction.GetLatest, other, Round, default)).IsSome);
        Assert.True(Ok(await Journal.Claim(Course, "master", JobAction.GetLatest, Here, Round, default)).IsNone);
    }

    [Fact]
    public async Task What_origin_said_is_known_and_an_unreachable_origin_keeps_its_last_commit_and_since_when()
    {
        await ClaimRound();
        Ok(await Journal.Note(Course, "master", new OriginNote.Answered("abc", false), default));
        var unreachableAt = Clock.GetUtcNow().AddMinutes(1);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await Journal.Note(Course, "master", new OriginNote.Unreachable("ssh: Permission denied (publickey)"), default));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Ok(await Journal.Note(Course, "master", new OriginNote.Unreachable("ssh: Connection refused"), default));

        var seen = Assert.Single(Ok(await Journal.Known(default)));
        Assert.Equal(("abc", Here, unreachableAt, "ssh: Connection refused", Clock.GetUtcNow()),
            (seen.Commit.IfNone(""), seen.AskedBy, seen.UnreachableSince.IfNone(DateTimeOffset.MinValue), seen.Error.IfNone(""), seen.AskedAt));
        Assert.True((await ClaimRound()).Previous.Exists(p => p.Unreachable));

        Ok(await Journal.Note(Course, "master", new OriginNote.Answered("def", false), default));
        var back = Assert.Single(Ok(await Journal.Known(default)));
        Assert.Equal(("def", false, true), (back.Commit.IfNone(""), back.Unreachable, back.Error.IsNone));
    }

    [Fact]
    public async Task What_origin_said_is_read_for_the_repositories_asked_about_only()
    {
        await ClaimRound();
        Ok(await Journal.Note(Course, "master", new OriginNote.Answered("abc", false), default));

        var asked = Ok(await Journal.Known(Prelude.Seq(Course, (RepoName)RepoName.Parse("elsewhere")), default));
        var other = Ok(await Journal.Known(Prelude.Seq1((RepoName)RepoName.Parse("elsewhere")), default));

        Assert.Equal([(Course.Value, "abc")], asked.Select(s => (s.Repo.Value, s.Commit.IfNone(""))).ToArray());
        Assert.Empty(other);
    }

    [Fact]
    public async Task A_claim_reads_the_baseline_and_the_newest_import_that_succeeded_on_the_branch()
    {
        Assert.True((await ClaimRound(follow: JobAction.CourseImport)).Baseline.IsNone);
        Ok(await Journal.Note(Course, "master", new OriginNote.Answered("base", true), default));
        var baselineAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Add(Job(action: JobAction.CourseImport, after: "imported"));
        await RunToEnd(Succeeded());
        await Add(Job(action: JobAction.CourseImport, after: "broken"));
        await RunToEnd(FailedFor(transient: false));

        var round = await ClaimRound(follow: JobAction.CourseImport);

        Assert.Equal(new ImportBaseline("base", baselineAt), round.Baseline.IfNone(() => throw new Xunit.Sdk.XunitException("no baseline")));
        var imported = round.LastImport.IfNone(() => throw new Xunit.Sdk.XunitException("no import"));
        Assert.Equal(("after", Clock.GetUtcNow()), (imported.Commit.IfNone(""), imported.At));
        Assert.Equal(new EndedJob("broken", FailedForGood: true), round.LastEnd.IfNone(() => throw new Xunit.Sdk.XunitException("no end")));
    }

    [Fact]
    public async Task A_rollback_that_is_the_newest_update_names_the_commit_it_rolled_back_from_until_an_update_follows()
    {
        Assert.True((await ClaimRound()).RolledBackFrom.IsEmpty);
        await Add(Job(after: "second"));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("first"), Option<string>.Some("second"), "", 1));
        Assert.True((await ClaimRound()).RolledBackFrom.IsEmpty);

        await Add(Job(action: JobAction.Rollback, after: ""));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("second"), Option<string>.Some("first"), "", 1));
        Assert.Equal(new[] { "second" }, (await ClaimRound()).RolledBackFrom.ToArray());

        await Add(Job(after: "third"));
        await RunToEnd(Succeeded());
        Assert.True((await ClaimRound()).RolledBackFrom.IsEmpty);
    }

    [Fact]
    public async Task Rollbacks_in_a_row_each_name_the_commit_they_undid_until_an_update_succeeds_and_a_failed_update_changes_nothing()
    {
        await Add(Job(after: "third"));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("second"), Option<string>.Some("third"), "", 1));
        await Add(Job(action: JobAction.Rollback, after: ""));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("third"), Option<string>.Some("second"), "", 1));
        await Add(Job(action: JobAction.Rollback, after: ""));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("second"), Option<string>.Some("first"), "", 1));
        await Add(Job(action: JobAction.Rollback, after: ""));
        await RunToEnd(FailedFor(transient: false));

        Assert.Equal(new[] { "second", "third" }, (await ClaimRound()).RolledBackFrom.ToArray());

        await Add(Job(after: "fourth"));
        await RunToEnd(FailedFor(transient: false));
        Assert.Equal(new[] { "second", "third" }, (await ClaimRound()).RolledBackFrom.ToArray());

        await Add(Job(after: "third"));
        await RunToEnd(Succeeded());
        Assert.True((await ClaimRound()).RolledBackFrom.IsEmpty);
    }

    [Fact]
    public async Task A_rollback_that_names_the_commit_it_undoes_rolled_back_from_that_commit_whatever_a_host_that_kept_its_tree_reports()
    {
        await Add(Job(after: "second"));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("first"), Option<string>.Some("second"), "", 1));

        // This host never published "second" (its check refused it): its part leaves "first" as it was.
        await Add(Job(action: JobAction.Rollback, after: "second"));
        await RunToEnd(new JobOutcome.Succeeded(Option<string>.Some("first"), Option<string>.Some("first"), "", 1));

        Assert.Equal(new[] { "second" }, (await ClaimRound()).RolledBackFrom.ToArray());
    }

    [Fact]
    public async Task A_claim_says_whether_the_followed_work_waits_or_runs()
    {
        Assert.Equal(WorkInHand.None, (await ClaimRound()).InHand);
        await Add(Job());
        Assert.Equal(WorkInHand.Waiting, (await ClaimRound()).InHand);
        await Claim();
        Assert.Equal(WorkInHand.Running, (await ClaimRound()).InHand);
        Assert.Equal(WorkInHand.None, (await ClaimRound(follow: JobAction.CourseImport)).InHand);
        await Add(Job(after: "b"));
        Assert.Equal(WorkInHand.Waiting, (await ClaimRound()).InHand);
    }

    [Fact]
    public async Task A_transiently_failed_update_waits_to_be_healed_and_each_failed_retry_climbs_the_ladder()
    {
        await Add(Job(after: "x"));
        var failed = await RunToEnd(FailedFor(transient: true));

        var heal = Assert.Single(Ok(await Journal.Pending(default)));
        Assert.Equal((failed, 0, Clock.GetUtcNow(), "x"), (heal.Mark.FailedJob, heal.Mark.Rung, heal.Mark.FailedAt, heal.Request.After));
        Assert.Equal(new[] { Here }, heal.Mark.Hosts.ToArray());

        Assert.True(Ok(await Journal.Take(heal, Here, TimeSpan.FromMinutes(1), default)));
        Assert.False(Ok(await Journal.Take(heal, HostOf("host-b"), TimeSpan.FromMinutes(1), default)), "one host takes a heal");
        Assert.Empty(Ok(await Journal.Pending(default)));
        await Offered(heal.Request, JobTrigger.Retry);
        Assert.Empty(Ok(await Journal.Pending(default)));
        var retried = await RunToEnd(FailedFor(transient: true));

        var next = Assert.Single(Ok(await Journal.Pending(default)));
        Assert.Equal((retried, 1), (next.Mark.FailedJob, next.Mark.Rung));
    }

    [Fact]
    public async Task A_newer_push_supersedes_a_pending_retry_and_a_success_or_a_permanent_failure_ends_the_healing()
    {
        await Add(Job());
        await RunToEnd(FailedFor(transient: true));
        await Add(Job(after: "newer"));
        Assert.Empty(Ok(await Journal.Pending(default)));

        await RunToEnd(FailedFor(transient: true));
        Assert.Single(Ok(await Journal.Pending(default)));
        await Offered(Job(), JobTrigger.Retry);
        await RunToEnd(FailedFor(transient: false));
        Assert.Empty(Ok(await Journal.Pending(default)));

        await Add(Job(action: JobAction.CourseImport));
        await RunToEnd(FailedFor(transient: true));
        Assert.Empty(Ok(await Journal.Pending(default)));
    }

    [Fact]
    public async Task A_push_in_the_same_commit_as_a_retry_of_its_work_ends_the_healing_in_either_order()
    {
        foreach (var retryFirst in new[] { true, false })
        {
            await Add(Job());
            await RunToEnd(FailedFor(transient: true));
            var retry = Offer(Job()) with { Trigger = JobTrigger.Retry };
            var push = Offer(Job(after: "newer"));

            Ok(await Journal.Offer(retryFirst ? Prelude.Seq(retry, push) : Prelude.Seq(push, retry), default));
            await RunToEnd(FailedFor(transient: true));

            Assert.Equal(0, Assert.Single(Ok(await Journal.Pending(default))).Mark.Rung);
        }
    }

    [Fact]
    public async Task A_pending_heal_survives_a_restart()
    {
        await Add(Job());
        await RunToEnd(FailedFor(transient: true));

        await Restart();

        Assert.Single(Ok(await Journal.Pending(default)));
    }
}
