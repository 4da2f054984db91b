using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Host.Logging;

/// <summary>
/// The jobs an earlier run left queued or running, as the queue holds them once the journal is
/// resumed. Registered after <c>AddGitReload</c>, so it starts after the journal's resume and the
/// workers, and before the server listens: no hook can have added a job yet.
/// </summary>
public sealed class ResumedJobs(IJobQueue queue) : IHostedService
{
    /// <summary>The jobs on the queue when the service started.</summary>
    public Seq<BoardJob> Jobs { get; private set; } = [];

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Jobs = queue.Snapshot();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
