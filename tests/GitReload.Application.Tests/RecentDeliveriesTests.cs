using GitReload.Application.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Application.Tests;

public class RecentDeliveriesTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task An_accepted_delivery_is_remembered_with_its_job_for_three_days()
    {
        var clock = new Clock();
        var log = new RecentDeliveries(clock);
        await log.Remember("abc", new JobId(7), default);

        clock.Now += TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1);
        Assert.Equal(new JobId(7), (await log.Accepted("abc", default)).IfNone(new JobId(0)));

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.True((await log.Accepted("abc", default)).IsNone);
    }

    [Fact]
    public async Task Past_its_capacity_the_oldest_ids_are_forgotten_first()
    {
        var log = new RecentDeliveries(new Clock());
        for (var i = 0; i <= RecentDeliveries.Capacity; i++)
            await log.Remember($"id-{i}", new JobId(i), default);

        Assert.True((await log.Accepted("id-0", default)).IsNone);
        Assert.True((await log.Accepted("id-1", default)).IsSome);
        Assert.True((await log.Accepted($"id-{RecentDeliveries.Capacity}", default)).IsSome);
    }
}
