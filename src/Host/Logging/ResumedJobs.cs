using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using LanguageExt;

namespace GitReload.Host.Logging;

/// <summary>
/// This host's jobs (and imports any host may take) that an earlier run left queued or running, as the journal holds them once the
/// host joined it. Registered after <c>AddGitReload</c>, so it starts after the join and the
/// workers, and before the server listens: no hook can have added a job yet.
/// </summary>
public sealed class ResumedJobs(IJobHistory history, HostId host) : IHostedService
{
    /// <summary>The jobs waiting or running for this host when the service started.</summary>
    public Seq<JobRecord> Jobs { get; private set; } = LanguageExt.Seq<JobRecord>.Empty;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken) =>
        Jobs = (await history.Open(cancellationToken)).Match(
            Right: open => open.Filter(j => j.Targets.Exists(t => t.Host.Match(h => h == host, () => true))),
            Left: _ => LanguageExt.Seq<JobRecord>.Empty);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
