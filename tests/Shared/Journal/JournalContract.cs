using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Tests.Shared.Journal;

/// <summary>
/// What every job journal promises, written once: each adapter's test project derives a class
/// from this one that opens its own kind of journal. The promises a host alone relies on; the
/// fleet's (fan-out, imports once, leases) are the PostgreSQL journal's own tests.
/// </summary>
public abstract partial class JournalContract : IAsyncLifetime
{
    protected static readonly HostId Here = HostOf("host-a");

    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    protected SqlJournal Journal { get; private set; } = null!;

    /// <summary>A new, empty journal of this adapter on <see cref="Clock"/>, keeping <paramref name="keep"/> finished jobs per checkout.</summary>
    protected abstract Task<SqlJournal> OpenNew(int keep);

    /// <summary>The same journal again, as a restarted process opens it (the current one is disposed first).</summary>
    protected abstract Task<SqlJournal> OpenAgain(int keep);

    public virtual async Task InitializeAsync()
    {
        Journal = await OpenNew(1000);
        Ok(await Journal.Join(Here, "test", default));
    }

    public virtual Task DisposeAsync()
    {
        Journal.Dispose();
        return Task.CompletedTask;
    }

    protected async Task Restart(int keep = 1000)
    {
        Journal.Dispose();
        Journal = await OpenAgain(keep);
        Ok(await Journal.Join(Here, "test", default));
    }

    protected static HostId HostOf(string name) => HostId.Parse(name).Match(h => h, e => throw new InvalidOperationException(e.Message));

    protected static T Ok<T>(Either<Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    protected static JobRequest Job(string repo = "course", JobAction action = JobAction.GetLatest, string after = "aaa") =>
        new((RepoName)RepoName.Parse(repo), action, "git@example.org:course.git", "master", after);

    protected static JobOffer Offer(JobRequest request, string? delivery = null, params HostId[] hosts) => new(
        request,
        request.Action == JobAction.CourseImport
            ? new JobTargets.AnyOne(hosts.Length == 0 ? Prelude.Seq1(Here) : hosts.ToSeq())
            : new JobTargets.Each(hosts.Length == 0 ? Prelude.Seq1(Here) : hosts.ToSeq()),
        Prelude.Optional(delivery),
        JobTrigger.Push);

    protected async Task<Enqueued> Add(JobRequest request, string? delivery = null) =>
        Ok(await Journal.Offer(Prelude.Seq1(Offer(request, delivery)), default)).Single().Answer;

    protected async Task<Claim.Claimed> Claim(HostId? host = null, FollowUpPolicy? policy = null) =>
        Assert.IsType<Claim.Claimed>(Ok(await Journal.Next(host ?? Here, policy ?? FollowUpPolicy.None, default)));

    protected async Task<Claim.Nothing> NothingFor(HostId? host = null, FollowUpPolicy? policy = null) =>
        Assert.IsType<Claim.Nothing>(Ok(await Journal.Next(host ?? Here, policy ?? FollowUpPolicy.None, default)));

    protected static JobOutcome Succeeded(string output = "done") =>
        new JobOutcome.Succeeded(Option<string>.Some("before"), Option<string>.Some("after"), output, 1);

    protected async Task<JobRecord> Record(JobId id) => Ok(await Journal.Find(id, default)).IfNone(() => throw new Xunit.Sdk.XunitException($"job {id} is not in the journal"));

    [Fact]
    public async Task A_new_job_gets_the_next_id_from_the_journal_and_is_listed_as_queued_with_its_delivery()
    {
        var first = await Add(Job("a"), "d-1");
        var second = await Add(Job("b"));

        Assert.Equal((1L, false, 1), (first.Id.Value, first.Merged, first.QueueSize));
        Assert.Equal((2L, 2), (second.Id.Value, second.QueueSize));
        var job = await Record(first.Id);
        Assert.Equal((JobStatus.Queued, JobTrigger.Push, Clock.GetUtcNow()), (job.Status, job.Trigger, job.QueuedAt));
        Assert.Equal(new[] { "d-1" }, job.DeliveryIds.ToArray());
        Assert.Equal(Option<HostId>.Some(Here), Assert.Single(job.Targets).Host);
    }

    [Fact]
    public async Task A_request_for_waiting_work_merges_into_it_keeping_the_newest_sha_and_every_delivery()
    {
        var added = await Add(Job(after: "old").WithSource(new ForgeRepo(Forge.GitHub, "mitodl/old")), "d-1");
        var merged = Ok(await Journal.Offer(Prelude.Seq1(Offer(Job(after: "new").WithSource(new ForgeRepo(Forge.GitLab, "group/sub/course")), "d-2")), default)).Single();

        Assert.Equal((added.Id, true, 1), (merged.Answer.Id, merged.Answer.Merged, merged.Answer.QueueSize));
        var replaced = Assert.IsType<JobEvent.Merged>(merged.Event);
        Assert.Equal(("old", "new"), (replaced.Replaced.After.IfNone(""), replaced.Newest.After.IfNone("")));
        var job = await Record(added.Id);
        Assert.Equal(("new", 1), (job.Request.After.IfNone(""), job.Merged));
        Assert.Equal(new[] { "d-1", "d-2" }, job.DeliveryIds.ToArray());
        Assert.Equal(new ForgeRepo(Forge.GitLab, "group/sub/course"), job.Request.Source);
    }

    [Fact]
    public async Task A_job_asked_for_by_hand_names_no_commit_until_a_push_merges_into_it()
    {
        var byHand = await Add(Job() with { After = Option<string>.None });
        var claimed = await Record(byHand.Id);
        Assert.True(claimed.Request.After.IsNone, $"a job asked for by hand came back with commit {claimed.Request.After}");

        await Add(Job(after: "pushed"));

        Assert.Equal("pushed", (await Record(byHand.Id)).Request.After.IfNone("none"));
    }

    [Fact]
    public async Task A_request_by_hand_merged_into_a_waiting_push_keeps_the_pushed_commit_so_the_push_still_gets_its_status()
    {
        var push = Job(after: "pushed").WithSource(new ForgeRepo(Forge.GitHub, "mitodl/course"));
        var added = await Add(push, "d-1");

        var merged = Assert.IsType<JobEvent.Merged>(Ok(await Journal.Offer(Prelude.Seq1(Offer(Job() with { After = Option<string>.None })), default)).Single().Event);

        Assert.Equal("pushed", merged.Newest.After.IfNone("none"));
        var job = await Record(added.Id);
        Assert.Equal(("pushed", "mitodl/course", 1), (job.Request.After.IfNone("none"), job.Request.Source.Map(s => s.FullName).IfNone("none"), job.Merged));
    }

    [Fact]
    public async Task A_burst_is_recorded_in_order_in_one_commit_each_answered_with_the_queue_size_after_it()
    {
        var answers = Ok(await Journal.Offer(Prelude.Seq(Offer(Job("a")), Offer(Job("a", after: "b")), Offer(Job("b")), Offer(Job("a", JobAction.CourseImport))), default));

        Assert.Equal(
            ["1 added 1", "1 merged 1", "2 added 2", "3 added 3"],
            answers.Map(a => $"{a.Answer.Id} {(a.Answer.Merged ? "merged" : "added")} {a.Answer.QueueSize}").ToArray());
    }

    [Fact]
    public async Task A_burst_merged_into_one_waiting_job_keeps_each_delivery_the_newest_request_and_each_new_host_once()
    {
        var other = HostOf("host-other");
        var added = await Add(Job(after: "first"), "d-1");

        var answers = Ok(await Journal.Offer(Prelude.Seq(
            Offer(Job(after: "second"), "d-2", Here, other),
            Offer(Job(after: "third"), "d-3", other, Here),
            Offer(Job(after: "fourth"), "d-2", Here)), default));

        Assert.True(answers.ForAll(a => a.Answer.Merged && a.Answer.Id == added.Id), "every offer merged into the waiting job");
        Assert.Equal(["first", "second", "third"], answers.Map(a => Assert.IsType<JobEvent.Merged>(a.Event).Replaced.After).ToArray());
        var job = await Record(added.Id);
        Assert.Equal(("fourth", 3), (job.Request.After, job.Merged));
        Assert.Equal(new[] { "d-1", "d-2", "d-3", "d-2" }, job.DeliveryIds.ToArray());
        Assert.Equal(new[] { Here.Value, other.Value }, job.Targets.Map(t => t.Host.Map(h => h.Value).IfNone("")).ToArray());
        Assert.Equal(Option<JobId>.Some(added.Id), Ok(await Journal.Accepted("d-3", default)));
    }

    [Fact]
    public async Task Once_a_job_started_the_same_work_queues_one_follow_up_and_merges_into_that()
    {
        var first = await Add(Job());
        await Claim();

        var followUp = await Add(Job(after: "b"));
        var merged = await Add(Job(after: "c"));

        Assert.Equal((2L, false), (followUp.Id.Value, followUp.Merged));
        Assert.Equal((followUp.Id, true), (merged.Id, merged.Merged));
        Assert.Equal(JobStatus.Running, (await Record(first.Id)).Status);
    }

    [Fact]
    public async Task A_host_runs_one_job_of_a_checkout_at_a_time_oldest_first_and_checkouts_take_turns()
    {
        await Add(Job("a"));
        await Add(Job("a", JobAction.CourseImport));
        await Add(Job("b"));

        var first = await Claim();
        var second = await Claim();
        await NothingFor();
        Ok(await Journal.Finish(Here, first.Job, Succeeded(), default));
        var third = await Claim();

        Assert.Equal(["a GetLatest", "b GetLatest", "a CourseImport"], new[] { first, second, third }.Select(c => $"{c.Request.Repo} {c.Request.Action}"));
    }

    [Fact]
    public async Task A_finished_job_keeps_its_outcome_the_tail_of_long_output_and_is_told_once()
    {
        var added = await Add(Job());
        var claimed = await Claim();
        var ended = Ok(await Journal.Finish(Here, claimed.Job, Succeeded(new string('x', SqlJournal.MaxOutputChars + 10) + "END"), default));

        var finished = ended.IfNone(() => throw new Xunit.Sdk.XunitException("the job's end was not told"));
        Assert.Equal((added.Id, HostTally.One), (finished.Id, finished.Tally));
        var job = await Record(added.Id);
        Assert.Equal((JobStatus.Succeeded, "before", "after", 1), (job.Status, job.ShaBefore.IfNone(""), job.ShaAfter.IfNone(""), job.Attempts));
        Assert.Equal(SqlJournal.MaxOutputChars, job.Output.Length);
        Assert.EndsWith("END", job.Output);
        Assert.True(job.FinishedAt.IsSome);
        Assert.True(Ok(await Journal.Finish(Here, claimed.Job, Succeeded(), default)).IsNone, "a target that is no longer running records nothing");
    }

    [Fact]
    public async Task A_failed_job_keeps_its_error_whether_it_may_pass_and_where_the_checkout_stood()
    {
        var added = await Add(Job());
        await Claim();
        var outcome = new JobOutcome.Failed(new JobFailure("origin could not be reached", "ssh: timeout", true), 3) { ShaBefore = Option<string>.Some("published"), ShaAfter = Option<string>.Some("published") };
        var ended = Ok(await Journal.Finish(Here, added.Id, outcome, default));

        var failed = Assert.IsType<JobOutcome.Failed>(ended.IfNone(() => throw new Xunit.Sdk.XunitException("not told")).Outcome);
        Assert.Equal(("origin could not be reached", "ssh: timeout", true, 3), (failed.Failure.Message, failed.Failure.Output, failed.Failure.Transient, failed.Attempts));
        Assert.Equal(("published", "published"), (failed.ShaBefore.IfNone(""), failed.ShaAfter.IfNone("")));
        var job = await Record(added.Id);
        Assert.Equal((JobStatus.Failed, "origin could not be reached", "ssh: timeout"), (job.Status, job.Error.IfNone(""), job.Output));
        Assert.Equal(("published", "published"), (job.ShaBefore.IfNone(""), job.ShaAfter.IfNone("")));
    }

    [Fact]
    public async Task A_running_job_shows_its_output_and_tries_so_far()
    {
        var added = await Add(Job());
        await Claim();

        Ok(await Journal.Progress(Here, added.Id, new JobProgressReport("importing chapter 3", 2), default));

        var job = await Record(added.Id);
        Assert.Equal((JobStatus.Running, "importing chapter 3", 2), (job.Status, job.Output, job.Attempts));
    }

    [Fact]
    public async Task A_job_cut_off_waits_again_first_of_its_checkout()
    {
        await Add(Job("a"));
        await Add(Job("a", JobAction.CourseImport));
        var cut = await Claim();

        Ok(await Journal.Requeue(Here, cut.Job, default));

        Assert.Equal(JobStatus.Queued, (await Record(cut.Job)).Status);
        Assert.Equal(cut.Job, (await Claim()).Job);
    }

    [Fact]
    public async Task A_restart_queues_again_what_ran_keeps_what_waited_in_order_and_keeps_counting_ids()
    {
        await Add(Job("a"));
        await Add(Job("b"));
        await Add(Job("c"));
        await Claim();
        var done = await Claim();
        Ok(await Journal.Finish(Here, done.Job, Succeeded(), default));

        await Restart();

        var open = Ok(await Journal.Open(default)).Map(j => $"{j.Id} {j.Request.Repo} {j.Status.ToString().ToLowerInvariant()}").ToArray();
        Assert.Equal(["1 a queued", "3 c queued"], open);
        Assert.Equal(4L, (await Add(Job("d"))).Id.Value);
        Assert.Equal(1L, (await Claim()).Job.Value);
    }

    [Fact]
    public async Task The_open_count_counts_the_jobs_waiting_or_running_and_not_those_that_ended()
    {
        Assert.Equal(0, Ok(await Journal.OpenCount(default)));
        await Add(Job("a"));
        await Add(Job("b"));
        await Add(Job("c"));
        await Claim();
        var done = await Claim();
        Ok(await Journal.Finish(Here, done.Job, Succeeded(), default));

        Assert.Equal(2, Ok(await Journal.OpenCount(default)));
        Assert.Equal(Ok(await Journal.Open(default)).Count, Ok(await Journal.OpenCount(default)));
    }

    [Fact]
    public async Task Ids_are_never_given_twice_even_when_the_newest_jobs_were_pruned()
    {
        await Restart(keep: 1);
        for (var i = 0; i < 3; i++)
        {
            await Add(Job());
            Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));
        }

        var kept = Ok(await Journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 10), default)).Map(j => j.Id.ToString()).ToArray();
        Assert.Equal(["3"], kept);
        Assert.Equal(4L, (await Add(Job())).Id.Value);
    }

    [Fact]
    public async Task The_list_filters_by_checkout_and_status_newest_first_up_to_the_limit()
    {
        await Add(Job("a"));
        await Add(Job("b"));
        await Add(Job("a", JobAction.CourseImport));
        Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));

        var ofA = Ok(await Journal.List(new JobQuery((RepoName)RepoName.Parse("a"), Option<JobStatus>.None, 10), default));
        var queued = Ok(await Journal.List(new JobQuery(Option<RepoName>.None, JobStatus.Queued, 10), default));
        var one = Ok(await Journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 1), default));

        Assert.Equal([3L, 1L], ofA.Map(j => j.Id.Value).ToArray());
        Assert.Equal([3L, 2L], queued.Map(j => j.Id.Value).ToArray());
        Assert.Equal([3L], one.Map(j => j.Id.Value).ToArray());
    }

    [Fact]
    public async Task An_accepted_delivery_is_known_for_three_days()
    {
        var added = await Add(Job(), "d-1");

        Assert.Equal(Option<JobId>.Some(added.Id), Ok(await Journal.Accepted("d-1", default)));
        Assert.True(Ok(await Journal.Accepted("d-2", default)).IsNone);
        Clock.Advance(SqlJournal.DeliveryWindow + TimeSpan.FromSeconds(1));
        Assert.True(Ok(await Journal.Accepted("d-1", default)).IsNone);
    }

    [Fact]
    public async Task A_follow_up_waits_for_requests_to_stop_and_says_when_to_look_again()
    {
        var quiet = new FollowUpPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await Add(Job());
        var running = await Claim(policy: quiet);
        await Add(Job(after: "b"));
        Ok(await Journal.Finish(Here, running.Job, Succeeded(), default));

        var waiting = await NothingFor(policy: quiet);
        Assert.Equal(Option<DateTimeOffset>.Some(Clock.GetUtcNow() + TimeSpan.FromSeconds(1)), waiting.LookAgainAt);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("b", (await Claim(policy: quiet)).Request.After.IfNone(""));
    }

    [Fact]
    public async Task A_first_job_starts_at_once_whatever_the_quiet_period()
    {
        await Add(Job());

        Assert.Equal(1L, (await Claim(policy: new FollowUpPolicy(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)))).Job.Value);
    }

    [Fact]
    public async Task Finished_jobs_past_the_bound_of_their_checkout_are_pruned_oldest_first()
    {
        await Restart(keep: 2);
        for (var i = 0; i < 4; i++)
        {
            await Add(Job("a"));
            Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));
        }
        await Add(Job("b"));
        Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));

        var kept = Ok(await Journal.List(new JobQuery(Option<RepoName>.None, Option<JobStatus>.None, 10), default)).Map(j => j.Id.Value).ToArray();
        Assert.Equal([5L, 4L, 3L], kept);
    }

    [Fact]
    public async Task A_host_s_registered_checkouts_are_listed_and_a_complete_registration_forgets_those_gone()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:a.git");
        Ok(await Journal.Register(Here, Prelude.Seq(new RegisteredCheckout((RepoName)RepoName.Parse("a"), on, "abc"), new RegisteredCheckout((RepoName)RepoName.Parse("b"), new Domain.Checkouts.CheckoutState.Detached(), Option<string>.None)), complete: true, default));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Ok(await Journal.Register(Here, Prelude.Seq1(new RegisteredCheckout((RepoName)RepoName.Parse("a"), on, "def")), complete: true, default));

        var host = Assert.Single(Ok(await Journal.Hosts(default)));
        Assert.Equal((Here, "test", true), (host.Id, host.Version, host.Live));
        var checkout = Assert.Single(host.Checkouts);
        Assert.Equal(("a", "master", "def"), (checkout.Repo.Value, checkout.Branch.IfNone(""), checkout.Head.IfNone("")));
    }

    [Fact]
    public async Task A_checkout_published_atomically_is_registered_with_its_published_commit_and_those_kept()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:a.git");
        var atomic = new RegisteredCheckout((RepoName)RepoName.Parse("a"), on, "ccc")
        {
            Publication = new Domain.Publishing.Publication("ccc", Prelude.Seq("bbb", "aaa")),
        };
        var none = new RegisteredCheckout((RepoName)RepoName.Parse("b"), on, "ddd") { Publication = new Domain.Publishing.Publication("ddd", Seq<string>.Empty) };
        Ok(await Journal.Register(Here, Prelude.Seq(atomic, none, new RegisteredCheckout((RepoName)RepoName.Parse("c"), on, "eee")), complete: true, default));

        var listed = Assert.Single(Ok(await Journal.Hosts(default))).Checkouts.ToDictionary(c => c.Repo.Value);

        Assert.Equal("ccc", listed["a"].Publication.Map(p => p.Published).IfNone(""));
        Assert.Equal(["bbb", "aaa"], listed["a"].Publication.Map(p => p.Kept.ToArray()).IfNone([]));
        Assert.Equal(("ddd", 0), listed["b"].Publication.Map(p => (p.Published, p.Kept.Count)).IfNone(("", -1)));
        Assert.True(listed["c"].Publication.IsNone, "a checkout in place has no publication");
        var overview = Ok(await Journal.Checkouts(Here, default)).ToDictionary(c => c.Checkout.Repo.Value, c => c.Checkout);
        Assert.Equal(["bbb", "aaa"], overview["a"].Publication.Map(p => p.Kept.ToArray()).IfNone([]));
        Assert.True(overview["c"].Publication.IsNone, "a checkout in place has no publication on the dashboard either");
    }

    [Fact]
    public async Task A_host_not_seen_for_thirty_seconds_is_down_until_its_next_heartbeat()
    {
        Clock.Advance(FleetHost.DownAfter + TimeSpan.FromSeconds(1));
        Assert.False(Assert.Single(Ok(await Journal.Hosts(default))).Live);

        Assert.True(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)));
        Assert.True(Assert.Single(Ok(await Journal.Hosts(default))).Live);

        Ok(await Journal.Leave(Here, default));
        Assert.False(Assert.Single(Ok(await Journal.Hosts(default))).Live, "a host that stopped is down at once");
    }

    [Fact]
    public async Task A_host_that_stopped_is_down_at_once_with_when_it_left_and_its_true_last_heartbeat_until_it_joins_again()
    {
        Clock.Advance(TimeSpan.FromSeconds(5));
        var seen = Clock.GetUtcNow();
        Assert.True(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var left = Clock.GetUtcNow();

        Ok(await Journal.Leave(Here, default));

        var host = Assert.Single(Ok(await Journal.Hosts(default)));
        Assert.False(host.Live, "a host that stopped is down at once");
        Assert.Equal(left, host.LeftAt.IfNone(DateTimeOffset.MinValue));
        Assert.True(host.LastSeen >= seen && host.LastSeen <= left, $"last seen {host.LastSeen:O} is a time the host was alive, not backdated");
        var summary = Assert.Single(Ok(await Journal.HostSummaries(default)));
        Assert.False(summary.Live);
        Assert.Equal(left, summary.LeftAt.IfNone(DateTimeOffset.MinValue));

        Assert.True(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)));
        Assert.True(Assert.Single(Ok(await Journal.Hosts(default))).LeftAt.IsSome, "a heartbeat sent while stopping does not bring the host back");

        Ok(await Journal.Join(Here, "test", default));
        var back = Assert.Single(Ok(await Journal.Hosts(default)));
        Assert.True(back.Live);
        Assert.True(back.LeftAt.IsNone);
    }

    [Fact]
    public async Task A_try_cut_off_by_a_restart_stays_among_the_job_s_targets_with_its_host_tries_and_times()
    {
        var added = await Add(Job("a"));
        var started = Clock.GetUtcNow();
        var cut = await Claim();
        Ok(await Journal.Progress(Here, cut.Job, new JobProgressReport("half way", 2), default));
        Clock.Advance(TimeSpan.FromSeconds(10));

        await Restart();
        Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));

        var target = Assert.Single((await Record(added.Id)).Targets);
        Assert.Equal(TargetStatus.Succeeded, target.Status);
        var abandoned = Assert.Single(target.Abandoned);
        Assert.Equal(Here, abandoned.Host);
        Assert.Equal(2, abandoned.Attempts);
        Assert.Equal(started, abandoned.StartedAt);
        Assert.Equal(Clock.GetUtcNow(), abandoned.EndedAt);
        Assert.Contains("restarted", abandoned.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_the_journal_has_running_but_its_host_does_not_run_waits_again_at_a_heartbeat_once_its_claim_is_old()
    {
        // As after a server crash that lost the target's end, or a claim committed whose answer never came back.
        var added = await Add(Job("a"));
        var lost = await Claim();

        Assert.True(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)));
        Assert.Equal(TargetStatus.Running, Assert.Single((await Record(added.Id)).Targets).Status);

        Clock.Advance(SqlJournal.NotRunAfter + TimeSpan.FromSeconds(1));
        Assert.True(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)));

        var target = Assert.Single((await Record(added.Id)).Targets);
        Assert.Equal(TargetStatus.Queued, target.Status);
        Assert.Contains("not running it", Assert.Single(target.Abandoned).Why, StringComparison.Ordinal);
        Assert.Equal(lost.Job, (await Claim()).Job);
    }

    [Fact]
    public async Task A_heartbeat_renews_the_targets_its_host_runs_and_leaves_them_running()
    {
        var added = await Add(Job("a"));
        var running = await Claim();

        for (var beat = 0; beat < 3; beat++)
        {
            Clock.Advance(SqlJournal.Lease / 2);
            Assert.True(Ok(await Journal.Heartbeat(Here, Prelude.Seq1(running.Job), default)));
        }

        var target = Assert.Single((await Record(added.Id)).Targets);
        Assert.Equal(TargetStatus.Running, target.Status);
        Assert.Empty(target.Abandoned);
    }

    [Fact]
    public async Task A_try_cut_off_at_shutdown_stays_among_the_job_s_targets()
    {
        var added = await Add(Job("a"));
        var cut = await Claim();

        Ok(await Journal.Requeue(Here, cut.Job, default));

        var target = Assert.Single((await Record(added.Id)).Targets);
        Assert.Equal(TargetStatus.Queued, target.Status);
        Assert.True(target.StartedAt.IsNone, "the target itself waits again");
        Assert.Contains("shutdown", Assert.Single(target.Abandoned).Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_host_s_waiting_jobs_are_cancelled_and_it_leaves_the_registry()
    {
        var added = await Add(Job());
        Ok(await Journal.Leave(Here, default));

        var ended = Ok(await Journal.Forget(Here, default));

        Assert.Equal(added.Id, Assert.Single(ended).Id);
        Assert.Equal(JobStatus.Cancelled, (await Record(added.Id)).Status);
        Assert.Empty(Ok(await Journal.Hosts(default)));
        Assert.False(Ok(await Journal.Heartbeat(Here, Seq<JobId>.Empty, default)), "a retired host is told it must join again");
    }

    [Fact]
    public async Task An_empty_registration_says_every_checkout_of_the_host_was_seen_now_and_changes_none()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:a.git");
        Ok(await Journal.Register(Here, Prelude.Seq1(new RegisteredCheckout((RepoName)RepoName.Parse("a"), on, "abc")), complete: true, default));
        Clock.Advance(TimeSpan.FromMinutes(1));

        Ok(await Journal.Register(Here, Seq<RegisteredCheckout>.Empty, complete: false, default));

        var seen = Assert.Single(Ok(await Journal.Checkouts(Here, default)));
        Assert.Equal((Clock.GetUtcNow(), "abc"), (seen.SeenAt, seen.Checkout.Head.IfNone("")));
    }

    [Fact]
    public async Task The_overview_lists_each_checkout_with_the_newest_job_of_its_repository_and_a_failed_one_s_error()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:course.git");
        Ok(await Journal.Register(Here, Prelude.Seq(
            new RegisteredCheckout((RepoName)RepoName.Parse("a"), on, "abc"),
            new RegisteredCheckout((RepoName)RepoName.Parse("b"), on, "def"),
            new RegisteredCheckout((RepoName)RepoName.Parse("c"), new Domain.Checkouts.CheckoutState.Detached(), "ghi")), complete: true, default));
        var failing = await Add(Job("b"));
        await Claim();
        Ok(await Journal.Finish(Here, failing.Id, new JobOutcome.Failed(new JobFailure("origin is gone\nsecond line", "", false), 1), default));
        var done = await Add(Job("a"));
        await Claim();
        Ok(await Journal.Finish(Here, done.Id, Succeeded(), default));
        var waiting = await Add(Job("a", after: "bbb"));

        var listed = Ok(await Journal.Checkouts(Here, default)).OrderBy(c => c.Checkout.Repo.Value, StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [("a", "abc", waiting.Id.Value, JobStatus.Queued, "bbb", "", false), ("b", "def", failing.Id.Value, JobStatus.Failed, "aaa", "origin is gone\nsecond line", false), ("c", "ghi", 0L, JobStatus.Cancelled, "", "", false)],
            listed.Select(c => (c.Checkout.Repo.Value, c.Checkout.Head.IfNone(""), c.NewestJob.Map(j => j.Id.Value).IfNone(0L), c.NewestJob.Map(j => j.Status).IfNone(JobStatus.Cancelled),
                c.NewestJob.Bind(j => j.After).IfNone(""), c.NewestJob.Bind(j => j.Error).IfNone(""), c.OthersDiffer)).ToArray());
        Assert.Equal(
            [Domain.Checkouts.CheckoutStanding.Queued, Domain.Checkouts.CheckoutStanding.Failed, Domain.Checkouts.CheckoutStanding.Unusable],
            listed.Select(c => c.Standing).ToArray());
        var host = Assert.Single(Ok(await Journal.HostSummaries(default)));
        Assert.Equal((Here, "test", true, 3), (host.Id, host.Version, host.Live, host.Checkouts));
        Assert.Empty(Ok(await Journal.Peers(Prelude.Seq1((RepoName)RepoName.Parse("a")), Here, default)));
    }

    [Fact]
    public async Task The_journal_counts_and_selects_checkouts_by_the_standing_the_domain_gives_them()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:course.git");
        RegisteredCheckout At(string name, Domain.Checkouts.CheckoutState state) => new((RepoName)RepoName.Parse(name), state, "abc");
        Ok(await Journal.Register(Here, Prelude.Seq(
            At("a-queued", on), At("b-Failed", on), At("c-detached", new Domain.Checkouts.CheckoutState.Detached()), At("d-running", on),
            At("e-no-origin", new Domain.Checkouts.CheckoutState.NoOrigin("master")), At("f-done", on), At("g-never", on), At("B-failed-too", on)), complete: true, default));
        foreach (var failing in new[] { "b-Failed", "B-failed-too" })
        {
            var job = await Add(Job(failing));
            await Claim();
            Ok(await Journal.Finish(Here, job.Id, new JobOutcome.Failed(new JobFailure("origin is gone", "", false), 1), default));
        }
        var done = await Add(Job("f-done"));
        await Claim();
        Ok(await Journal.Finish(Here, done.Id, Succeeded(), default));
        await Add(Job("d-running"));
        await Claim();
        await Add(Job("a-queued"));

        var every = Ok(await Journal.Checkouts(Here, default)).ToArray();

        Assert.Equal(
            every.GroupBy(c => c.Standing).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray(),
            Ok(await Journal.Tally(Here, default)).ToArray());
        foreach (var selection in new[]
        {
            CheckoutSelection.All, CheckoutSelection.Attention,
            new CheckoutSelection("F", Option<Domain.Checkouts.CheckoutStanding>.None, false),
            new CheckoutSelection(Option<string>.None, Domain.Checkouts.CheckoutStanding.UpToDate, false),
            new CheckoutSelection("-", Domain.Checkouts.CheckoutStanding.Failed, false),
            new CheckoutSelection("zzz", Option<Domain.Checkouts.CheckoutStanding>.None, false),
        })
        {
            var expected = every.Where(selection.Selects)
                .OrderBy(c => selection.NeedingAPerson ? c.Standing : Domain.Checkouts.CheckoutStanding.Failed)
                .ThenBy(c => c.Checkout.Repo.Value, StringComparer.Ordinal)
                .Select(c => (c.Checkout.Repo.Value, c.Standing)).ToArray();
            Assert.Equal(expected, Ok(await Journal.Select(Here, selection, 0, 100, default)).Select(c => (c.Checkout.Repo.Value, c.Standing)).ToArray());
            Assert.Equal(expected.Skip(1).Take(2).ToArray(), Ok(await Journal.Select(Here, selection, 1, 2, default)).Select(c => (c.Checkout.Repo.Value, c.Standing)).ToArray());
            Assert.Equal(expected.Length, Ok(await Journal.Count(Here, selection, default)));
        }
        Assert.Equal(8, every.Length);
        Assert.Contains(every, c => c.Standing == Domain.Checkouts.CheckoutStanding.Running);
    }

    [Fact]
    public async Task The_tally_follows_every_change_of_a_checkout_and_of_its_repository_s_jobs()
    {
        var on = new Domain.Checkouts.CheckoutState.OnBranch("master", "git@example.org:course.git");
        var course = (RepoName)RepoName.Parse("course");
        async Task Holds(Domain.Checkouts.CheckoutState state) =>
            Ok(await Journal.Register(Here, Prelude.Seq1(new RegisteredCheckout(course, state, "abc")), complete: false, default));
        var seen = new List<string>();
        async Task Look()
        {
            var every = Ok(await Journal.Checkouts(Here, default)).ToArray();
            var tally = Ok(await Journal.Tally(Here, default)).ToArray();
            Assert.Equal(every.GroupBy(c => c.Standing).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray(), tally);
            Assert.Equal(every.Length, Assert.Single(Ok(await Journal.HostSummaries(default))).Checkouts);
            seen.Add(string.Join(" ", tally.Select(t => $"{t.Standing}:{t.Count}")));
        }

        await Holds(on);
        await Look();
        var failing = await Add(Job());
        await Look();
        await Claim();
        await Look();
        Ok(await Journal.Finish(Here, failing.Id, new JobOutcome.Failed(new JobFailure("origin is gone", "", false), 1), default));
        await Look();
        await Holds(new Domain.Checkouts.CheckoutState.Detached());
        await Add(Job());
        await Look();
        await Holds(on);
        await Look();
        await Restart(keep: 0);
        Ok(await Journal.Finish(Here, (await Claim()).Job, Succeeded(), default));
        await Look();
        await Holds(new Domain.Checkouts.CheckoutState.NotCloned());
        await Look();

        Assert.Equal(["UpToDate:1", "Queued:1", "Running:1", "Failed:1", "Unusable:1", "Queued:1", "UpToDate:1", ""], seen);
    }

    [Fact]
    public async Task The_journal_is_writable_while_it_is()
    {
        Assert.True((await Journal.CheckWritable(default)).IsRight);
    }
}
