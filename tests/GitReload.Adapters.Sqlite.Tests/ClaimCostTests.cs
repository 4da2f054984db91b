using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Adapters.Sqlite.Tests;

// Counts the bytes the whole process allocates, so nothing may run beside it.
[CollectionDefinition(nameof(ClaimCostTests), DisableParallelization = true)]
public sealed class ClaimCostCollection;

/// <summary>What one claim costs does not grow with the backlog (issue 16: a burst of N hooks cost O(N²)).</summary>
[Collection(nameof(ClaimCostTests))]
public sealed class ClaimCostTests : IDisposable
{
    private static readonly HostId Here = HostId.Parse("host-a").Match(h => h, e => throw new InvalidOperationException(e.Message));

    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-claims-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_claim_allocates_no_more_with_five_thousand_checkouts_waiting_than_with_fifty()
    {
        using var journal = SqliteJournal.Open(folder, new FakeTimeProvider(DateTimeOffset.UnixEpoch), 1000).Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));
        Ok(await journal.Join(Here, "test", default));
        await Queue(journal, "few", 50);
        await ClaimAndFinish(journal);

        var few = await ClaimAndFinish(journal);
        await Queue(journal, "many", 5000);
        var many = await ClaimAndFinish(journal);

        Assert.True(many < 2 * few, $"a claim allocated {many:N0} bytes with 5,000 checkouts waiting, {few:N0} with 50");
    }

    private static async Task Queue(SqlJournal journal, string prefix, int checkouts) =>
        Ok(await journal.Offer(Enumerable.Range(0, checkouts).Select(i => new JobOffer(
            new JobRequest((RepoName)RepoName.Parse($"{prefix}-{i:00000}"), JobAction.GetLatest, "git@example.org:course.git", "master", "aaa"),
            new JobTargets.Each(Prelude.Seq1(Here)), Option<string>.None, JobTrigger.Push)).ToSeq(), default));

    // The bytes the claim allocated.
    private static async Task<long> ClaimAndFinish(SqlJournal journal)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var claim = Assert.IsType<Claim.Claimed>(Ok(await journal.Next(Here, FollowUpPolicy.None, default)));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Ok(await journal.Finish(Here, claim.Job, new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, "", 1), default));
        return allocated;
    }

    private static T Ok<T>(Either<LanguageExt.Common.Error, T> result) => result.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message));
}
