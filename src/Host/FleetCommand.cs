using GitReload.Application.Fleet;
using GitReload.Application.Ports;
using GitReload.AspNetCore;
using GitReload.AspNetCore.Journal;
using GitReload.Host.Configuration;
using LanguageExt;

namespace GitReload.Host;

/// <summary><c>gitreload fleet forget HOST</c>: retires a host from the fleet's PostgreSQL journal (<c>JOURNAL_URL</c>); refused without one.</summary>
public static class FleetCommand
{
    public static async Task<int> Forget(Either<ConfigRefusal, LoadedConfiguration> loaded, string host, TextWriter output, TextWriter errors)
    {
        foreach (var refusal in loaded.LeftToSeq())
            return await refusal.Tell(errors);

        var settings = loaded.RightToSeq().Head.Settings;
        // Without it the SQLite journal would be opened, a new one made: the fleet's hosts are not there.
        if (settings.Core.JournalUrl.IsNone)
        {
            await errors.WriteLineAsync(
                $"gitreload: fleet forget needs the fleet's JOURNAL_URL (in the environment or gr.env.json), as the hosts have it; it is unset here, so no host {host} can be retired");
            return 2;
        }
        var choice = GitReloadServices.JournalFrom(settings.Core);
        try
        {
            using var journal = choice.Open(TimeProvider.System, settings.Core.MaxFinishedJobsPerRepo, settings.Core.HostId);
            var forgotten = await new ForgetHost(journal, NoJobEvents.Instance).Handle(host, CancellationToken.None);
            return await forgotten.Match(
                Right: async ended =>
                {
                    await output.WriteLineAsync($"Host {host} retired from the fleet; {ended} job{(ended == 1 ? "" : "s")} ended with it (their commit statuses stay as they were)");
                    return 0;
                },
                Left: async error =>
                {
                    await errors.WriteLineAsync($"gitreload: {error.Message}");
                    return 1;
                });
        }
        catch (JournalUnusableException e)
        {
            await errors.WriteLineAsync($"gitreload: {e.Message}");
            return 2;
        }
    }
}
