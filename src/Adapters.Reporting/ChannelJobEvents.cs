using System.Threading.Channels;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Reporting;

/// <summary>
/// Hands job events to the <see cref="JobReporter"/> through a bounded channel and returns at
/// once: when the reporter falls <see cref="Capacity"/> events behind (a forge that hangs),
/// new events are dropped and counted, and the jobs go on.
/// </summary>
public sealed class ChannelJobEvents : IJobEvents
{
    /// <summary>How many events may wait for the reporter.</summary>
    public const int Capacity = 1000;

    private readonly Channel<JobEvent> channel = Channel.CreateBounded<JobEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private long dropped;

    /// <summary>Events handed over while nobody reads (reporting off), or while the channel was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    internal ChannelReader<JobEvent> Reader => channel.Reader;

    /// <inheritdoc />
    public Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        if (!channel.Writer.TryWrite(jobEvent))
            Interlocked.Increment(ref dropped);
        return Task.FromResult(Unit.Default);
    }
}
