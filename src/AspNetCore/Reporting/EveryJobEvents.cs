using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.AspNetCore.Reporting;

/// <summary>
/// Every <see cref="IJobEvents"/> registered, GitReload's own reporter and any of the app's, in the order
/// registered: an app that adds its own listener, before or after <c>AddGitReload</c>, hears the jobs beside
/// the commit statuses and notifications instead of replacing them.
/// </summary>
internal sealed class EveryJobEvents(IEnumerable<IJobEvents> listeners) : IJobEvents
{
    private readonly IJobEvents[] listeners = listeners.Distinct().ToArray();

    public async Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
            await listener.Tell(jobEvent, cancellationToken);
        return Unit.Default;
    }
}
