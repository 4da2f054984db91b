using GitReload.Application;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Fleet;
using GitReload.Domain.Fleet;

namespace GitReload.AspNetCore.Journal;

/// <summary>
/// Joins this host to the journal before the workers start and before the server listens: a second
/// live process with the same host id is refused and targets an earlier run left running go back to
/// waiting. A journal that cannot be used stops the start with <see cref="JournalUnusableException"/>.
/// A fleet member also registers its checkouts before it listens: the other hosts decide hooks against
/// them. A host alone (SQLite) registers them once the server listens, since its hooks read its
/// checkouts from disk; until then its workers, dashboard and hosts' list wait (<see cref="FleetPresence.Registered"/>).
/// </summary>
public sealed partial class JournalStartup(
    IFleetRegistry fleet, HostId host, FleetPresence presence, JournalChoice journal, IHostApplicationLifetime lifetime, ILogger<JournalStartup> log)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var joined = await fleet.Join(host, GitReloadVersion.Text, cancellationToken);
        foreach (var error in joined.LeftToSeq())
            throw new JournalUnusableException(error.Message);
        Joined(log, host.Value, GitReloadVersion.Text);
        if (journal is JournalChoice.Sqlite)
            lifetime.ApplicationStarted.Register(presence.RegisterInBackground);
        else
            await presence.RegisterAll(cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} joined the job journal (GitReload {Version}); any job it left running will run again")]
    private static partial void Joined(ILogger log, string host, string version);
}
