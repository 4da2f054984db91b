using GitReload.Adapters.Journal;
using GitReload.Application.Dashboard;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Sqlite.Tests;

/// <summary>What one read of the dashboard costs does not grow with the number of checkouts (issue 16: it built a record for every checkout on every request).</summary>
[Collection(nameof(ClaimCostTests))]
public sealed class DashboardCostTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly HostId Here = HostId.Parse("host-a").Match(h => h, e => throw new InvalidOperationException(e.Message));

    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-dashboard-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_dashboard_read_allocates_no_more_with_five_thousand_checkouts_than_with_fifty()
    {
        using var journal = SqliteJournal.Open(folder, new FakeTimeProvider(DateTimeOffset.UnixEpoch), 1000).Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));
        Ok(await journal.Join(Here, "test", default));
        var dashboard = new ReadDashboard(journal, journal, journal, journal, new HealLadder(Prelude.Seq1(TimeSpan.FromMinutes(1)), TimeSpan.FromHours(1)), Here);
        await Register(journal, 0, 50);
        await Read(dashboard);

        var few = await Read(dashboard);
        await Register(journal, 50, 5000);
        await Read(dashboard);
        var many = await Read(dashboard);

        Assert.True(many < 2 * few, $"a dashboard read allocated {many:N0} bytes with 5,000 checkouts, {few:N0} with 50");
    }

    [Fact]
    public async Task A_dashboard_read_makes_the_journal_do_no_more_work_with_five_thousand_checkouts_than_with_fifty()
    {
        using var store = SqliteStore.Open(folder).Match(s => s, problem => throw new Xunit.Sdk.XunitException(problem.Message));
        var counted = new CountingStore(store);
        var journal = new SqlJournal(counted, new FakeTimeProvider(DateTimeOffset.UnixEpoch), 1000);
        Ok(await journal.Join(Here, "test", default));
        var dashboard = new ReadDashboard(journal, journal, journal, journal, new HealLadder(Prelude.Seq1(TimeSpan.FromMinutes(1)), TimeSpan.FromHours(1)), Here);
        await RegisterRunningFew(journal, 0, 50, run: 20);
        await Read(dashboard);

        var few = await Steps(counted, dashboard);
        await RegisterRunningFew(journal, 50, 5000, run: 0);
        var many = await Steps(counted, dashboard);

        output.WriteLine($"SQLite instructions of one dashboard read: {few:N0} with 50 checkouts, {many:N0} with 5,000");
        Assert.True(many < 2 * few, $"a dashboard read ran {many:N0} SQLite instructions with 5,000 checkouts, {few:N0} with 50");
    }

    // The SQLite virtual machine's instructions one read ran (the first page, what needs a person, the tally).
    private static async Task<long> Steps(CountingStore counted, ReadDashboard dashboard)
    {
        var before = counted.Steps;
        var view = Ok(await dashboard.Handle(DashboardQuery.All, default));
        Assert.Equal(ReadDashboard.PageSize, view.Checkouts.Rows.Count);
        Assert.Equal(2, view.Tally.Of(CheckoutStanding.Failed));
        return counted.Steps - before;
    }

    // Checkouts from..to, all on master at aaa; an update of the first `run` of them runs, every tenth of those fails.
    private static async Task RegisterRunningFew(SqlJournal journal, int from, int to, int run)
    {
        var on = new CheckoutState.OnBranch("master", "git@example.org:course.git");
        var repos = Enumerable.Range(from, to - from).Select(i => (RepoName)RepoName.Parse($"course-{i:00000}")).ToArray();
        Ok(await journal.Register(Here, repos.Select(r => new RegisteredCheckout(r, on, "aaa")).ToSeq(), complete: false, default));
        Ok(await journal.Offer(repos.Take(run).Select(r => new JobOffer(
            new JobRequest(r, JobAction.GetLatest, "git@example.org:course.git", "master", "aaa"),
            new JobTargets.Each(Prelude.Seq1(Here)), Option<string>.None, JobTrigger.Push)).ToSeq(), default));
        for (var n = 0; n < run; n++)
        {
            var claim = Assert.IsType<Claim.Claimed>(Ok(await journal.Next(Here, FollowUpPolicy.None, default)));
            JobOutcome outcome = n % 10 == 0
                ? new JobOutcome.Failed(new JobFailure("origin is gone", "", false), 1)
                : new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1);
            Ok(await journal.Finish(Here, claim.Job, outcome, default));
        }
    }

    // An update queued for each checkout; 50 of them run, every tenth of those failed (claiming them all would take minutes).
    private static async Task Register(SqlJournal journal, int from, int to)
    {
        var on = new CheckoutState.OnBranch("master", "git@example.org:course.git");
        var repos = Enumerable.Range(from, to - from).Select(i => (RepoName)RepoName.Parse($"course-{i:00000}")).ToArray();
        Ok(await journal.Register(Here, repos.Select(r => new RegisteredCheckout(r, on, "aaa")).ToSeq(), complete: false, default));
        Ok(await journal.Offer(repos.Select(r => new JobOffer(
            new JobRequest(r, JobAction.GetLatest, "git@example.org:course.git", "master", "aaa"),
            new JobTargets.Each(Prelude.Seq1(Here)), Option<string>.None, JobTrigger.Push)).ToSeq(), default));
        for (var n = 0; n < 50; n++)
        {
            var claim = Assert.IsType<Claim.Claimed>(Ok(await journal.Next(Here, FollowUpPolicy.None, default)));
            JobOutcome outcome = claim.Job.Value % 10 == 0
                ? new JobOutcome.Failed(new JobFailure("origin is gone", "", false), 1)
                : new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1);
            Ok(await journal.Finish(Here, claim.Job, outcome, default));
        }
    }

    // The bytes one read allocated, the first page and what needs a person.
    private static async Task<long> Read(ReadDashboard dashboard)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var view = Ok(await dashboard.Handle(DashboardQuery.All, default));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(ReadDashboard.PageSize, view.Checkouts.Rows.Count);
        Assert.Equal(Math.Min(ReadDashboard.AttentionRows, view.Tally.Total - view.Tally.Of(CheckoutStanding.UpToDate)), view.Attention.Count);
        return allocated;
    }

    private static T Ok<T>(Either<LanguageExt.Common.Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
}
