using GitReload.Application;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Fleet;
using GitReload.Domain.Fleet;

namespace GitReload.AspNetCore.Journal;

/// <summary>
/// Joins this host to the journal before the workers start and before the server listens: a second
/// live process with the same host id is refused, targets an earlier run left running go back to
/// waiting, and this host's checkouts are registered so the fleet can decide hooks against them.
/// A journal that cannot be used stops the start with <see cref="JournalUnusableException"/>.
/// </summary>
public sealed partial class JournalStartup(IFleetRegistry fleet, HostId host, FleetPresence presence, ILogger<JournalStartup> log) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var joined = await fleet.Join(host, GitReloadVersion.Text, cancellationToken);
        foreach (var error in joined.LeftToSeq())
            throw new JournalUnusableException(error.Message);
        Joined(log, host.Value, GitReloadVersion.Text);
        await presence.RegisterAll(cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} joined the job journal (GitReload {Version}); jobs it left running run again")]
    private static partial void Joined(ILogger log, string host, string version);
}
