using GitReload.Adapters.Reporting;
using GitReload.Application.Ports;
using GitReload.Host.Configuration;

namespace GitReload.Host;

/// <summary>Commit statuses and notifications: the channel the job queue tells, and the reporter that reads it.</summary>
public static class Reporting
{
    /// <summary>
    /// When a forge token or a notification URL is configured: the channel the job queue tells
    /// (in place of AddGitReload's silent default) and the reporter that reads it.
    /// </summary>
    public static void Add(IServiceCollection services, GitReloadSettings settings)
    {
        if (!settings.Reporting.Any)
            return;
        var events = new ChannelJobEvents();
        services.AddSingleton(events);
        services.AddSingleton<IJobEvents>(events);
        services.AddSingleton(settings.Reporting);
        services.AddHostedService(s => new JobReporter(
            events, settings.Reporting, new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<JobReporter>>()));
    }
}
