using System.Diagnostics;
using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>
/// What an offer batch, a claim and an end cost in round trips to the server (issue 11's intake, and the hosts of a fleet
/// taking turns on a job's locks): Npgsql traces every command and batch it sends as one activity of its source
/// <c>Npgsql</c>; the activities under the test's own are the round trips of its calls.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRoundTripTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly HostId A = HostOf("host-a"), B = HostOf("host-b");
    private static readonly RepoName Course = (RepoName)RepoName.Parse("course");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private SqlJournal a = null!, b = null!;

    public async Task InitializeAsync()
    {
        var database = await cluster.Server.NewDatabase();
        a = await Open(database);
        b = await Open(database);
        Ok(await a.Join(A, "test", default));
        Ok(await b.Join(B, "test", default));
    }

    public Task DisposeAsync()
    {
        a.Dispose();
        b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_batch_that_merges_into_the_waiting_job_this_host_wrote_last_costs_one_round_trip()
    {
        var queued = await Offer(a, "one", "d-1");

        var (merged, trips) = await RoundTrips(() => Offer(a, "two", "d-2"));

        Assert.Equal((queued.Id, true), (merged.Id, merged.Merged));
        Assert.Equal(1, trips);
        Assert.Equal(queued.Id, Ok(await b.Accepted("d-2", default)).IfNone(() => throw new Xunit.Sdk.XunitException("the merged delivery was not committed")));
    }

    [Fact]
    public async Task An_offer_into_a_job_another_host_started_meanwhile_queues_a_follow_up_after_the_check_fails()
    {
        var queued = await Offer(a, "one");
        Assert.True((await Offer(a, "two")).Merged);
        Assert.Equal(queued.Id, Assert.IsType<Claim.Claimed>(Ok(await b.Next(B, FollowUpPolicy.None, default))).Job);

        var (next, trips) = await RoundTrips(() => Offer(a, "three"));

        Assert.Equal((false, queued.Id.Value + 1), (next.Merged, next.Id.Value));
        // The batch on the known board, stopped by its check; the read; the new job; its targets and the writes with the commit.
        Assert.Equal(4, trips);
        Assert.Equal("two", Ok(await b.Find(queued.Id, default)).Map(j => j.Request.After.IfNone("")).IfNone(""));
    }

    [Fact]
    public async Task A_new_job_is_recorded_in_three_round_trips_with_its_commit()
    {
        var (queued, trips) = await RoundTrips(() => Offer(a, "one", "d-1"));

        Assert.False(queued.Merged);
        // The boards read; the job's row (the journal gives its id); its targets and the other writes with the commit.
        Assert.Equal(3, trips);
        Assert.Equal(2, Ok(await b.Find(queued.Id, default)).Map(j => j.Targets.Count).IfNone(0));
    }

    [Fact]
    public async Task After_a_failed_check_the_next_batch_reads_first_and_the_one_after_costs_one_round_trip_again()
    {
        await Offer(a, "one");
        await Offer(b, "two");

        var trips = new List<int>();
        foreach (var after in new[] { "three", "four", "five" })
        {
            var (merged, cost) = await RoundTrips(() => Offer(a, after));
            Assert.True(merged.Merged, $"offer {after} did not merge");
            trips.Add(cost);
        }

        Assert.Equal([3, 2, 1], trips);
    }

    [Fact]
    public async Task A_checkout_two_hosts_take_turns_offering_into_is_read_first_more_often_the_more_checks_fail()
    {
        await Offer(a, "0");
        var trips = new List<int>();
        for (var turn = 1; turn <= 6; turn++)
        {
            await Offer(b, $"b{turn}");
            trips.Add((await RoundTrips(() => Offer(a, $"a{turn}"))).Trips);
        }

        // A failed check (3), one batch read first (2), a failed check (3), three batches read first (2, 2, 2).
        Assert.Equal([3, 2, 3, 2, 2, 2], trips);
    }

    // Npgsql traces commands and batches, not a commit sent on its own: a claim sends its commit in its batch,
    // an end's commit is one more round trip than counted.

    [Fact]
    public async Task A_host_claims_the_job_no_host_started_in_two_round_trips_with_its_commit()
    {
        await Offer(a, "one");

        var (claim, trips) = await RoundTrips(() => b.Next(B, FollowUpPolicy.None, default));

        Assert.IsType<Claim.Claimed>(Ok(claim));
        // One read decides (a page of checkouts, and their waiting targets); the locks, the claim, the job's new status,
        // its reads and the commit go in one batch.
        Assert.Equal(2, trips);
        Assert.Equal(JobStatus.Running, Ok(await a.Find(((Claim.Claimed)Ok(claim)).Job, default)).Map(j => j.Status).IfNone(JobStatus.Queued));
    }

    [Fact]
    public async Task A_host_claims_its_target_of_a_job_another_host_started_in_two_round_trips_with_its_commit()
    {
        await Offer(a, "one");
        Assert.IsType<Claim.Claimed>(Ok(await a.Next(A, FollowUpPolicy.None, default)));

        var (claim, trips) = await RoundTrips(() => b.Next(B, FollowUpPolicy.None, default));

        Assert.Equal(JobStatus.Running, Ok(await a.Find(Assert.IsType<Claim.Claimed>(Ok(claim)).Job, default)).Map(j => j.Status).IfNone(JobStatus.Queued));
        // One read decides; the batch that takes the job's locks commits: the hosts claiming one job hold them in turn for one round trip each.
        Assert.Equal(2, trips);
    }

    [Fact]
    public async Task A_host_with_nothing_to_run_looks_in_one_round_trip_and_once_a_second_also_for_expired_leases()
    {
        var (first, sweeping) = await RoundTrips(() => b.Next(B, FollowUpPolicy.None, default));
        var (second, looking) = await RoundTrips(() => b.Next(B, FollowUpPolicy.None, default));
        clock.Advance(TimeSpan.FromSeconds(1));
        var (third, sweepingAgain) = await RoundTrips(() => b.Next(B, FollowUpPolicy.None, default));

        Assert.All(new[] { first, second, third }, claim => Assert.IsType<Claim.Nothing>(Ok(claim)));
        // The look; the sweep's read, which found no lease run out, so there is no second look.
        Assert.Equal((2, 1, 2), (sweeping, looking, sweepingAgain));
    }

    [Fact]
    public async Task A_host_ends_its_target_while_another_runs_in_one_round_trip_and_its_commit()
    {
        var job = (await Offer(a, "one")).Id;
        Assert.IsType<Claim.Claimed>(Ok(await a.Next(A, FollowUpPolicy.None, default)));
        Assert.IsType<Claim.Claimed>(Ok(await b.Next(B, FollowUpPolicy.None, default)));

        var (ended, trips) = await RoundTrips(() => a.Finish(A, job, new JobOutcome.Succeeded(Prelude.Some("a"), Prelude.Some("b"), "", 1), default));

        Assert.True(Ok(ended).IsNone, "the job ended while a target still runs");
        // The locks, the end and the job's reads in one batch.
        Assert.Equal(1, trips);
        Assert.Equal(
            [TargetStatus.Succeeded, TargetStatus.Running],
            Ok(await b.Find(job, default)).Map(j => j.Targets.Map(t => t.Status).ToArray()).IfNone([]));
    }

    private static async Task<(T Result, int Trips)> RoundTrips<T>(Func<Task<T>> call)
    {
        using var scope = new Activity("round trips").Start();
        var trace = scope.TraceId;
        var trips = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                    Interlocked.Increment(ref trips);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await call();
        return (result, trips);
    }

    private async Task<Enqueued> Offer(SqlJournal via, string after, string? delivery = null) =>
        Ok(await via.Offer(Prelude.Seq1(new JobOffer(new JobRequest(Course, JobAction.GetLatest, "git@example.org:course.git", "master", after),
            new JobTargets.Each(Prelude.Seq(A, B)), Prelude.Optional(delivery), JobTrigger.Push)), default)).Single().Answer;

    private async Task<SqlJournal> Open(string database) =>
        (await PostgresJournal.Open(JournalUrl.Parse(database).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message)), clock, 1000, default))
        .Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));

    private static HostId HostOf(string name) => HostId.Parse(name).Match(h => h, e => throw new InvalidOperationException(e.Message));

    private static T Ok<T>(Either<Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
}
