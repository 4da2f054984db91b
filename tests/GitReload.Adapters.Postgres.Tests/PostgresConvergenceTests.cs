using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>What only the fleet journal promises the reconcile loop: one host per round asks origin, and it sees every holder's HEAD.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConvergenceTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly HostId A = HostOf("host-a"), B = HostOf("host-b"), C = HostOf("host-c");
    private static readonly RepoName Course = (RepoName)RepoName.Parse("course");
    private static readonly TimeSpan Round = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<HostId, SqlJournal> hosts = [];

    public async Task InitializeAsync()
    {
        var database = await cluster.Server.NewDatabase();
        foreach (var (host, branch, head) in new[] { (A, "master", "aaa"), (B, "master", "bbb"), (C, "devel", "ccc") })
        {
            hosts[host] = (await PostgresJournal.Open(JournalUrl.Parse(database).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message)), clock, 1000, default))
                .Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));
            Ok(await hosts[host].Join(host, "test", default));
            Ok(await hosts[host].Register(host, Prelude.Seq1(new RegisteredCheckout(Course, new CheckoutState.OnBranch(branch, $"git@example.org:{host}.git"), head)), complete: true, default));
        }
    }

    public Task DisposeAsync()
    {
        foreach (var journal in hosts.Values) journal.Dispose();
        return Task.CompletedTask;
    }

    private static HostId HostOf(string name) => HostId.Parse(name).Match(h => h, e => throw new InvalidOperationException(e.Message));

    private static T Ok<T>(Either<Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public async Task Hosts_claiming_a_round_at_once_leave_exactly_one_to_ask_origin()
    {
        for (var round = 0; round < 5; round++)
        {
            var claims = await Task.WhenAll(new[] { A, B, C }.Select(h => hosts[h].Claim(Course, "master", JobAction.GetLatest, h, Round, default)));

            Assert.Equal(1, claims.Count(c => Ok(c).IsSome));
            clock.Advance(Round);
        }
    }

    [Fact]
    public async Task The_asking_host_sees_the_other_hosts_on_its_branch_with_their_registered_heads()
    {
        var round = Ok(await hosts[A].Claim(Course, "master", JobAction.GetLatest, A, Round, default)).IfNone(() => throw new Xunit.Sdk.XunitException("not claimed"));

        var other = Assert.Single(round.Others);
        Assert.Equal((B, "git@example.org:host-b.git", "bbb"), (other.Host, other.OriginUrl, other.Head.IfNone("")));
    }

    [Fact]
    public async Task What_one_host_heard_from_origin_every_host_reads()
    {
        Ok(await hosts[B].Claim(Course, "master", JobAction.GetLatest, B, Round, default));
        Ok(await hosts[B].Note(Course, "master", new OriginNote.Unreachable("ssh: Connection timed out"), default));

        var seen = Assert.Single(Ok(await hosts[C].Known(default)));
        Assert.Equal((B, true, "ssh: Connection timed out"), (seen.AskedBy, seen.Unreachable, seen.Error.IfNone("")));
    }

    [Fact]
    public async Task A_heal_is_taken_by_one_host_of_the_fleet()
    {
        var job = Ok(await hosts[A].Offer(Prelude.Seq1(new JobOffer(new JobRequest(Course, JobAction.GetLatest, "u", "master", "x"), new JobTargets.Each(Prelude.Seq(A, B)), Option<string>.None, JobTrigger.Push)), default)).Single().Answer.Id;
        foreach (var host in new[] { A, B })
        {
            Assert.IsType<Claim.Claimed>(Ok(await hosts[host].Next(host, FollowUpPolicy.None, default)));
            var outcome = host == A
                ? (JobOutcome)new JobOutcome.Succeeded(Option<string>.None, Option<string>.Some("x"), "", 1)
                : new JobOutcome.Failed(JobFailure.Passing("origin could not be reached"), 3);
            Ok(await hosts[host].Finish(host, job, outcome, default));
        }

        var heal = Assert.Single(Ok(await hosts[C].Pending(default)));
        var taken = await Task.WhenAll(new[] { A, B, C }.Select(h => hosts[h].Take(heal, h, TimeSpan.FromMinutes(1), default)));

        Assert.Equal(new[] { B }, heal.Mark.Hosts.ToArray());
        Assert.Equal(1, taken.Count(t => Ok(t)));
    }
}
