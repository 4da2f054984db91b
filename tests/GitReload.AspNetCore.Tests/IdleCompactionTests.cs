using GitReload.AspNetCore.Jobs;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GitReload.AspNetCore.Tests;

public sealed class IdleCompactionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_queue_drained_compacts_once_and_not_again_within_a_minute()
    {
        var clock = new FakeTimeProvider(Start);
        using var journal = new TestJournal(clock);
        var compaction = new IdleCompaction(journal, clock);

        await compaction.AfterJob(0, CancellationToken.None);
        Assert.Equal(1, compaction.Compactions);

        clock.Advance(TimeSpan.FromSeconds(59));
        await compaction.AfterJob(0, CancellationToken.None);
        Assert.Equal(1, compaction.Compactions);

        clock.Advance(TimeSpan.FromSeconds(1));
        await compaction.AfterJob(0, CancellationToken.None);
        Assert.Equal(2, compaction.Compactions);
    }

    [Fact]
    public async Task A_job_that_ends_while_another_runs_does_not_compact()
    {
        var clock = new FakeTimeProvider(Start);
        using var journal = new TestJournal(clock);
        var compaction = new IdleCompaction(journal, clock);

        await compaction.AfterJob(1, CancellationToken.None);

        Assert.Equal(0, compaction.Compactions);
    }

    [Fact]
    public void A_job_still_open_in_the_journal_holds_the_compaction_back()
    {
        Assert.False(IdleCompaction.Due(0, 1, Option<DateTimeOffset>.None, Start));
        Assert.True(IdleCompaction.Due(0, 0, Option<DateTimeOffset>.None, Start));
        Assert.False(IdleCompaction.Due(0, 0, Start, Start + TimeSpan.FromSeconds(30)));
    }
}
