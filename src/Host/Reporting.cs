using GitReload.Adapters.Reporting;
using GitReload.Host.Configuration;

namespace GitReload.Host;

/// <summary>Commit statuses and notifications: the channel the job queue tells, and the reporter that reads it.</summary>
public static class Reporting
{
    /// <summary>Where the job queue tells what happens to jobs.</summary>
    public static ChannelJobEvents Events(GitReloadSettings settings) => new();

    /// <summary>Registers the reporter of <paramref name="events"/>, when something is configured to hear it.</summary>
    public static void Add(IServiceCollection services, GitReloadSettings settings, ChannelJobEvents events)
    {
        services.AddSingleton(events);
        if (!settings.Reporting.Any)
            return;
        services.AddSingleton(settings.Reporting);
        services.AddHostedService(s => new JobReporter(
            events, settings.Reporting, new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<JobReporter>>()));
    }
}
