using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>
/// Hears what happens to jobs (queued, merged, finished), to tell the people who pushed.
/// Called while the queue is held, so that events of one job arrive in order: an
/// implementation must return at once (hand the event to a background reader) and never throw.
/// </summary>
public interface IJobEvents
{
    /// <summary>Takes note of <paramref name="jobEvent"/>; whatever it does with it must not delay or fail the job.</summary>
    Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken);
}

/// <summary>Hears nothing: for hosts that report to no one.</summary>
public sealed class NoJobEvents : IJobEvents
{
    /// <summary>The one instance.</summary>
    public static NoJobEvents Instance { get; } = new();

    /// <inheritdoc />
    public Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken) => Task.FromResult(Unit.Default);
}
