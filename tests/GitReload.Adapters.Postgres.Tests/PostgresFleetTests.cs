using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>
/// What only the fleet journal promises: several hosts, each with its own connection to one
/// database, as several GitReload processes have. Updates fan out, imports run once, leases
/// give a dead host's import to another, notifications wake the others.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFleetTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly HostId A = HostOf("host-a"), B = HostOf("host-b"), C = HostOf("host-c");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<HostId, SqlJournal> hosts = [];
    private string database = "";

    public async Task InitializeAsync()
    {
        database = await cluster.Server.NewDatabase();
        foreach (var host in new[] { A, B, C })
        {
            hosts[host] = await Open();
            Ok(await hosts[host].Join(host, "test", default));
            Ok(await hosts[host].Register(host, Prelude.Seq1(new RegisteredCheckout(Course, new CheckoutState.OnBranch("master", "git@example.org:course.git"), "abc")), complete: true, default));
        }
    }

    public Task DisposeAsync()
    {
        foreach (var journal in hosts.Values) journal.Dispose();
        return Task.CompletedTask;
    }

    private static readonly RepoName Course = (RepoName)RepoName.Parse("course");

    private static HostId HostOf(string name) => HostId.Parse(name).Match(h => h, e => throw new InvalidOperationException(e.Message));

    private static T Ok<T>(Either<Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    private async Task<SqlJournal> Open() =>
        (await PostgresJournal.Open(JournalUrl.Parse(database).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message)), clock, 1000, default))
        .Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));

    private static JobRequest Job(JobAction action = JobAction.GetLatest, string after = "aaa") => new(Course, action, "git@example.org:course.git", "master", after);

    private async Task<Enqueued> Offer(HostId via, JobRequest request, JobTargets targets, string? delivery = null) =>
        Ok(await hosts[via].Offer(Prelude.Seq1(new JobOffer(request, targets, Prelude.Optional(delivery), JobTrigger.Push)), default)).Single().Answer;

    private static JobTargets Each(params HostId[] on) => new JobTargets.Each(on.ToSeq());

    private static JobTargets AnyOne(params HostId[] on) => new JobTargets.AnyOne(on.ToSeq());

    private async Task<Claim> Next(HostId host) => Ok(await hosts[host].Next(host, FollowUpPolicy.None, default));

    private static JobOutcome Done => new JobOutcome.Succeeded(Option<string>.Some("abc"), Option<string>.Some("def"), "", 1);

    [Fact]
    public async Task An_update_runs_on_every_host_and_ends_once_when_the_last_host_is_done()
    {
        var job = await Offer(A, Job(), Each(A, B, C));

        var claims = new List<Claim.Claimed>();
        foreach (var host in new[] { A, B, C })
            claims.Add(Assert.IsType<Claim.Claimed>(await Next(host)));
        var ends = new List<Option<JobEvent.Finished>>();
        foreach (var host in new[] { A, B, C })
            ends.Add(Ok(await hosts[host].Finish(host, job.Id, Done, default)));

        Assert.All(claims, c => Assert.Equal(job.Id, c.Job));
        Assert.Equal([false, false, true], ends.Select(e => e.IsSome));
        var finished = ends[2].IfNone(() => throw new Xunit.Sdk.XunitException("no end"));
        Assert.Equal(new HostTally(3, 0, 0, 3), finished.Tally);
        var record = Ok(await hosts[B].Find(job.Id, default)).IfNone(() => throw new Xunit.Sdk.XunitException("gone"));
        Assert.Equal((JobStatus.Succeeded, 3, "def"), (record.Status, record.Targets.Count, record.ShaAfter.IfNone("")));
    }

    [Fact]
    public async Task An_import_runs_once_on_the_first_host_that_takes_it()
    {
        var job = await Offer(B, Job(JobAction.CourseImport), AnyOne(A, B, C));

        var taken = await Task.WhenAll(new[] { A, B, C }.Select(Next));

        var claimed = Assert.Single(taken.OfType<Claim.Claimed>());
        Assert.Equal(job.Id, claimed.Job);
        var record = Ok(await hosts[A].Find(job.Id, default)).IfNone(() => throw new Xunit.Sdk.XunitException("gone"));
        Assert.Equal(TargetStatus.Running, Assert.Single(record.Targets).Status);
    }

    [Fact]
    public async Task Never_two_imports_of_one_course_run_at_once_anywhere_in_the_fleet()
    {
        await Offer(A, Job(JobAction.CourseImport, "1"), AnyOne(A, B, C));
        var first = Assert.IsType<Claim.Claimed>(await Next(A));
        var second = await Offer(B, Job(JobAction.CourseImport, "2"), AnyOne(A, B, C));

        Assert.IsType<Claim.Nothing>(await Next(B));
        Assert.IsType<Claim.Nothing>(await Next(C));
        Ok(await hosts[A].Finish(A, first.Job, Done, default));
        Assert.Equal(second.Id, Assert.IsType<Claim.Claimed>(await Next(C)).Job);
    }

    [Fact]
    public async Task A_host_that_registered_the_checkout_later_may_take_an_import_queued_before()
    {
        var d = HostOf("host-d");
        var job = await Offer(A, Job(JobAction.CourseImport), AnyOne(A));
        await using var journal = new DisposableJournal(await Open());
        Ok(await journal.Value.Join(d, "test", default));

        Assert.IsType<Claim.Nothing>(Ok(await journal.Value.Next(d, FollowUpPolicy.None, default)));
        Ok(await journal.Value.Register(d, Prelude.Seq1(new RegisteredCheckout(Course, new CheckoutState.OnBranch("master", "git@example.org:course.git"), "abc")), complete: true, default));
        Assert.Equal(job.Id, Assert.IsType<Claim.Claimed>(Ok(await journal.Value.Next(d, FollowUpPolicy.None, default))).Job);
    }

    [Fact]
    public async Task An_import_whose_host_stopped_renewing_its_lease_goes_to_another_host()
    {
        var job = await Offer(A, Job(JobAction.CourseImport), AnyOne(A, B));
        Assert.IsType<Claim.Claimed>(await Next(A));

        clock.Advance(SqlJournal.Lease - TimeSpan.FromSeconds(1));
        Assert.IsType<Claim.Nothing>(await Next(B));
        clock.Advance(TimeSpan.FromSeconds(2));
        var taken = Assert.IsType<Claim.Claimed>(await Next(B));

        Assert.Equal(job.Id, taken.Job);
        Assert.True(Ok(await hosts[A].Finish(A, job.Id, Done, default)).IsNone, "the host that lost the lease records nothing");
    }

    [Fact]
    public async Task An_import_whose_host_died_is_handed_on_by_the_heartbeat_of_a_host_that_never_runs_out_of_work()
    {
        var import = await Offer(A, Job(JobAction.CourseImport), AnyOne(A, B));
        Assert.IsType<Claim.Claimed>(await Next(A));
        var other = (RepoName)RepoName.Parse("other");
        var busy = await Offer(B, new JobRequest(other, JobAction.GetLatest, "x", "master", "o"), Each(B));
        Assert.IsType<Claim.Claimed>(await Next(B));

        // A dies; B's workers stay busy, so B's claims never find nothing to run: only its heartbeats talk to the journal.
        clock.Advance(SqlJournal.Lease + TimeSpan.FromSeconds(1));
        Assert.True(Ok(await hosts[B].Heartbeat(B, Prelude.Seq1(busy.Id), default)));

        var target = Assert.Single(Ok(await hosts[C].Find(import.Id, default)).IfNone(() => throw new Xunit.Sdk.XunitException("no job")).Targets);
        Assert.Equal(TargetStatus.Queued, target.Status);
        Assert.Equal(A, Assert.Single(target.Abandoned).Host);
    }

    [Fact]
    public async Task An_import_try_whose_lease_ran_out_stays_among_the_job_s_targets_naming_the_host_that_lost_it()
    {
        var job = await Offer(A, Job(JobAction.CourseImport), AnyOne(A, B));
        var started = clock.GetUtcNow();
        Assert.IsType<Claim.Claimed>(await Next(A));
        Ok(await hosts[A].Progress(A, job.Id, new JobProgressReport("importing", 1), default));
        clock.Advance(SqlJournal.Lease + TimeSpan.FromSeconds(1));
        var lost = clock.GetUtcNow();
        Assert.IsType<Claim.Claimed>(await Next(B));
        Ok(await hosts[B].Finish(B, job.Id, Done, default));

        var target = Assert.Single(Ok(await hosts[C].Find(job.Id, default)).IfNone(() => throw new Xunit.Sdk.XunitException("no job")).Targets);
        Assert.Equal(B, target.Host.IfNone(C));
        Assert.Equal(TargetStatus.Succeeded, target.Status);
        var abandoned = Assert.Single(target.Abandoned);
        Assert.Equal(A, abandoned.Host);
        Assert.Equal(1, abandoned.Attempts);
        Assert.Equal(started, abandoned.StartedAt);
        Assert.Equal(lost, abandoned.EndedAt);
        Assert.Contains("lease", abandoned.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heartbeat_keeps_a_long_job_s_lease()
    {
        await Offer(A, Job(JobAction.CourseImport), AnyOne(A, B));
        var running = Assert.IsType<Claim.Claimed>(await Next(A)).Job;

        for (var i = 0; i < 5; i++)
        {
            clock.Advance(SqlJournal.Lease / 2);
            Ok(await hosts[A].Heartbeat(A, Prelude.Seq1(running), default));
        }

        Assert.IsType<Claim.Nothing>(await Next(B));
    }

    [Fact]
    public async Task An_update_of_a_host_that_died_waits_for_that_host_and_runs_when_it_returns()
    {
        var job = await Offer(A, Job(), Each(A, B));
        Assert.IsType<Claim.Claimed>(await Next(B));
        clock.Advance(SqlJournal.Lease + TimeSpan.FromSeconds(1));

        Assert.IsType<Claim.Claimed>(await Next(A)); // A's own target
        Assert.IsType<Claim.Nothing>(await Next(C)); // C finds nothing, and its sweep puts B's back to waiting, for B
        hosts[B].Dispose();
        hosts[B] = await Open();
        Ok(await hosts[B].Join(B, "test", default));

        Assert.Equal(job.Id, Assert.IsType<Claim.Claimed>(await Next(B)).Job);
    }

    [Fact]
    public async Task A_host_that_fell_behind_runs_the_newest_of_its_waiting_updates_and_supersedes_the_rest()
    {
        // A runs every job at once; B is busy with another checkout meanwhile.
        var other = (RepoName)RepoName.Parse("other");
        await Offer(A, new JobRequest(other, JobAction.GetLatest, "x", "master", "o"), Each(B));
        Assert.IsType<Claim.Claimed>(await Next(B));
        var older = await Offer(A, Job(after: "1"), Each(A, B));
        Ok(await hosts[A].Finish(A, Assert.IsType<Claim.Claimed>(await Next(A)).Job, Done, default));
        var newer = await Offer(A, Job(after: "2"), Each(A, B));

        var run = Assert.IsType<Claim.Claimed>(await Next(B));

        Assert.Equal((newer.Id, "2"), (run.Job, run.Request.After.IfNone("")));
        var superseded = Assert.Single(run.Superseded);
        Assert.Equal((older.Id, new HostTally(1, 1, 0, 2)), (superseded.Id, superseded.Tally));
        Assert.IsType<JobOutcome.Succeeded>(superseded.Outcome);
    }

    [Fact]
    public async Task A_host_that_stops_lets_go_of_its_lock_before_its_connection_closes()
    {
        hosts[A].Dispose();
        hosts.Remove(A);

        await using var connection = new Npgsql.NpgsqlConnection(JournalUrl.Parse(database).Match(u => u.ConnectionString, e => throw new Xunit.Sdk.XunitException(e.Message)));
        await connection.OpenAsync();
        await using var ask = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(1733453935, hashtext('host-a'))", connection);
        Assert.Equal(true, await ask.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_host_that_stops_just_as_it_is_told_of_new_work_still_lets_go_of_its_lock()
    {
        await using var connection = new Npgsql.NpgsqlConnection(JournalUrl.Parse(database).Match(u => u.ConnectionString, e => throw new Xunit.Sdk.XunitException(e.Message)));
        await connection.OpenAsync();
        for (var round = 0; round < 3; round++)
        {
            var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // A slow subscriber holds the listener inside the notification while the host is stopped.
            hosts[A].Subscribe(() =>
            {
                told.TrySetResult();
                Thread.Sleep(100);
            });
            // A checkout of its own each round: work merged into a waiting job tells nobody.
            await Offer(B, Job() with { Repo = (RepoName)RepoName.Parse($"course-{round}") }, Each(A, B));
            await told.Task.WaitAsync(TimeSpan.FromSeconds(10));

            hosts[A].Dispose();

            await using (var ask = new Npgsql.NpgsqlCommand("SELECT pg_try_advisory_lock(1733453935, hashtext('host-a'))", connection))
                Assert.Equal(true, await ask.ExecuteScalarAsync());
            await using (var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(1733453935, hashtext('host-a'))", connection))
                await release.ExecuteScalarAsync();
            hosts[A] = await Open();
            Ok(await hosts[A].Join(A, "test", default));
        }
    }

    [Fact]
    public async Task A_second_live_process_with_the_same_host_id_is_refused()
    {
        await using var twin = new DisposableJournal(await Open());

        var refused = await twin.Value.Join(A, "test", default);

        Assert.Contains("another GitReload process is running as host host-a", refused.Match(_ => "", e => e.Message));
    }

    [Fact]
    public async Task A_host_is_told_at_once_when_another_host_queues_work()
    {
        var told = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hosts[B].Subscribe(() => told.TrySetResult());

        await Offer(A, Job(), Each(A, B));

        await told.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_host_is_not_told_of_its_own_changes_only_of_the_other_hosts()
    {
        hosts[A].Dispose();
        hosts[A] = await Open();
        await using var probe = await Connected();
        var first = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Told first of its own join, the other host's job would not be there yet.
        hosts[A].Subscribe(() =>
        {
            if (first.Task.IsCompleted) return;
            using var mine = new Npgsql.NpgsqlCommand("SELECT count(*) FROM jobs WHERE repo_name = 'other'", probe);
            first.TrySetResult(Convert.ToInt64(mine.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        });

        Ok(await hosts[A].Join(A, "test", default));
        await Offer(B, Job() with { Repo = Other }, Each(B));

        Assert.True(await first.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the first thing host A was told of was its own change");
    }

    [Fact]
    public async Task An_update_that_ends_on_one_host_wakes_no_other_host()
    {
        var job = await Offer(A, Job(), Each(A, B));
        Assert.IsType<Claim.Claimed>(await Next(A));
        await using var listener = await Listening();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, told) => heard.TrySetResult(told.Payload);

        Assert.True(Ok(await hosts[A].Finish(A, job.Id, Done, default)).IsNone, "host B's target still waits");
        await Offer(C, Job() with { Repo = Other }, Each(C));
        while (!heard.Task.IsCompleted)
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10)), "no notification within 10 s");

        Assert.Equal(((PostgresDialect)hosts[C].Store.Dialect).Sender, await heard.Task);
    }

    [Fact]
    public async Task An_import_that_ends_wakes_the_other_hosts_it_may_have_kept_waiting()
    {
        var job = await Offer(A, Job(JobAction.CourseImport), AnyOne(A, B));
        Assert.IsType<Claim.Claimed>(await Next(A));
        await using var listener = await Listening();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, told) => heard.TrySetResult(told.Payload);

        Ok(await hosts[A].Finish(A, job.Id, Done, default));
        while (!heard.Task.IsCompleted)
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10)), "no notification within 10 s");

        Assert.Equal(((PostgresDialect)hosts[A].Store.Dialect).Sender, await heard.Task);
    }

    private static readonly RepoName Other = (RepoName)RepoName.Parse("other");

    // A connection that hears what is committed from now on, as a host's listener does.
    private async Task<Npgsql.NpgsqlConnection> Listening()
    {
        var connection = await Connected();
        await using var listen = new Npgsql.NpgsqlCommand($"LISTEN {PostgresDialect.Channel}", connection);
        await listen.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task<Npgsql.NpgsqlConnection> Connected()
    {
        var connection = new Npgsql.NpgsqlConnection(JournalUrl.Parse(database).Match(u => u.ConnectionString, e => throw new Xunit.Sdk.XunitException(e.Message)));
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task A_hook_on_any_host_sees_the_others_checkouts_and_a_delivery_is_known_fleet_wide()
    {
        var holders = Ok(await hosts[A].Holders(Course, A, default));
        var job = await Offer(A, Job(), Each(A, B, C), "delivery-1");

        Assert.Equal(new[] { B, C }, holders.Map(h => h.Host).ToArray());
        Assert.Equal(Option<JobId>.Some(job.Id), Ok(await hosts[C].Accepted("delivery-1", default)));
    }

    [Fact]
    public async Task Hosts_that_offer_the_same_work_at_once_merge_into_one_job()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Offer(new[] { A, B, C }[i % 3], Job(after: $"{i}"), Each(A, B, C))));

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(29, answers.Count(a => a.Merged));
    }

    [Fact]
    public async Task The_server_gone_and_back_fails_calls_with_its_name_then_works_again_without_a_new_journal()
    {
        await Offer(A, Job(), Each(A));
        await cluster.Server.Stop();
        Either<Error, Seq<Recorded>> refused;
        try
        {
            refused = await hosts[A].Offer(Prelude.Seq1(new JobOffer(Job(after: "b"), Each(A), Option<string>.None, JobTrigger.Push)), default);
        }
        finally
        {
            await cluster.Server.StartCluster();
        }

        Assert.Contains($"job journal at 127.0.0.1:{cluster.Server.Port}/", refused.Match(_ => "", e => e.Message));
        Assert.DoesNotContain("Password", refused.Match(_ => "", e => e.Message), StringComparison.OrdinalIgnoreCase);
        Assert.IsType<Claim.Claimed>(await Next(A));
    }

    [Fact]
    public async Task While_the_server_is_down_the_health_check_says_it_cannot_be_reached_not_the_servers_goodbye()
    {
        // Several idle pooled connections, each of which the server's shutdown leaves with its goodbye (57P01) to read.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => hosts[A].CheckWritable(default)));
        Ok(await hosts[A].CheckWritable(default));
        await cluster.Server.Stop();
        var checks = new List<string>();
        try
        {
            for (var i = 0; i < 3; i++)
                checks.Add((await hosts[A].CheckWritable(default)).Match(_ => "healthy", e => e.Message));
        }
        finally
        {
            await cluster.Server.StartCluster();
        }

        // The first check may read a pooled connection's goodbye, said in plain words; the pool is then dropped,
        // so every later check reports what is true now.
        Assert.DoesNotContain("healthy", checks);
        Assert.All(checks, c => Assert.DoesNotContain("terminating connection due to administrator command", c));
        Assert.All(checks.Skip(1), c => Assert.Contains($"job journal at 127.0.0.1:{cluster.Server.Port}/", c));
        Assert.All(checks.Skip(1), c => Assert.Contains("cannot be reached", c));
        Ok(await hosts[A].CheckWritable(default));
    }

    [Fact]
    public async Task A_retired_host_leaves_the_fleet_and_the_jobs_that_waited_only_for_it_end()
    {
        var job = await Offer(A, Job(), Each(A, B));
        Assert.IsType<Claim.Claimed>(await Next(A));
        Ok(await hosts[A].Finish(A, job.Id, Done, default));

        var ended = Ok(await hosts[A].Forget(B, default));

        Assert.Equal(job.Id, Assert.Single(ended).Id);
        Assert.Equal(new[] { A, C }, Ok(await hosts[A].Hosts(default)).Map(h => h.Id).ToArray());
        var record = Ok(await hosts[A].Find(job.Id, default)).IfNone(() => throw new Xunit.Sdk.XunitException("gone"));
        Assert.Equal(JobStatus.Succeeded, record.Status);
    }

    [Fact]
    public async Task A_host_that_missed_a_push_is_behind_in_the_overview_and_the_others_see_where_it_is()
    {
        var job = await Offer(A, Job(after: "def"), Each(A, B));
        foreach (var host in new[] { A, B })
            Assert.IsType<Claim.Claimed>(await Next(host));
        foreach (var host in new[] { A, B })
            Ok(await hosts[host].Finish(host, job.Id, Done, default));
        foreach (var host in new[] { A, B })
            Ok(await hosts[host].Register(host, Prelude.Seq1(new RegisteredCheckout(Course, new CheckoutState.OnBranch("master", "git@example.org:course.git"), "def")), complete: false, default));

        var standing = new Dictionary<HostId, (bool, CheckoutStanding)>();
        foreach (var host in new[] { A, B, C })
        {
            var mine = Assert.Single(Ok(await hosts[host].Checkouts(host, default)));
            standing[host] = (mine.OthersDiffer, mine.Standing);
        }
        var peers = Ok(await hosts[A].Peers(Prelude.Seq1(Course), A, default)).OrderBy(p => p.Host.Value, StringComparer.Ordinal).ToArray();

        Assert.Equal((true, CheckoutStanding.UpToDate), standing[A]);
        Assert.Equal((true, CheckoutStanding.UpToDate), standing[B]);
        Assert.Equal((true, CheckoutStanding.Behind), standing[C]);
        foreach (var host in new[] { A, B, C })
            Assert.Equal([(standing[host].Item2, 1)], Ok(await hosts[host].Tally(host, default)).ToArray());
        Assert.Equal([("host-b", "def"), ("host-c", "abc")], peers.Select(p => (p.Host.Value, p.Checkout.Head.IfNone(""))).ToArray());
        Assert.Equal(
            [("host-a", 1, true), ("host-b", 1, true), ("host-c", 1, true)],
            Ok(await hosts[C].HostSummaries(default)).OrderBy(h => h.Id.Value, StringComparer.Ordinal).Select(h => (h.Id.Value, h.Checkouts, h.Live)).ToArray());
    }

    private sealed class DisposableJournal(SqlJournal journal) : IAsyncDisposable
    {
        public SqlJournal Value => journal;

        public ValueTask DisposeAsync()
        {
            journal.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
