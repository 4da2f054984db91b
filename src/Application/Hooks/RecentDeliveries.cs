using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Hooks;

/// <summary>
/// Accepted delivery ids kept in memory for <see cref="Window"/> (GitHub's redelivery window),
/// at most <see cref="Capacity"/> of them: past that the oldest are forgotten first.
/// </summary>
public sealed class RecentDeliveries(TimeProvider clock) : IDeliveryLog
{
    /// <summary>How long an id is remembered.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <summary>How many ids are remembered at most.</summary>
    public const int Capacity = 100_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, (JobId Job, DateTimeOffset At)> ids = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> order = new();

    /// <inheritdoc />
    public Task<Option<JobId>> Accepted(string deliveryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Forget(clock.GetUtcNow());
            return Task.FromResult(ids.TryGetValue(deliveryId, out var seen) ? Option<JobId>.Some(seen.Job) : Option<JobId>.None);
        }
    }

    /// <inheritdoc />
    public Task<Unit> Remember(string deliveryId, JobId job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            ids[deliveryId] = (job, now);
            order.Enqueue((deliveryId, now));
            Forget(now);
            return Task.FromResult(Unit.Default);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (order.TryPeek(out var oldest) && (now - oldest.At > Window || ids.Count > Capacity))
        {
            order.Dequeue();
            if (ids.TryGetValue(oldest.Id, out var entry) && entry.At == oldest.At)
                ids.Remove(oldest.Id);
        }
    }
}
