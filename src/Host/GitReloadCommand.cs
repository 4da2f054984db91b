using GitReload.Application;
using GitReload.AspNetCore.Journal;
using GitReload.Application.Ports;
using GitReload.Host.Configuration;
using GitReload.Host.Logging;
using LanguageExt;

namespace GitReload.Host;

/// <summary>The <c>gitreload</c> command: serve, check the configuration, or print help.</summary>
public static class GitReloadCommand
{
    /// <summary>Runs the command.</summary>
    public static Task<int> Run(string[] args, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter errors) =>
        CommandLine.Parse(args).Match(
            Right: command => Run(command, environment, output, errors),
            Left: async refused =>
            {
                await errors.WriteLineAsync(refused.Message);
                return 2;
            });

    private static async Task<int> Run(CommandLine command, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter errors)
    {
        if (command.Verb == Verb.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return 0;
        }
        if (command.Verb == Verb.Version)
        {
            await output.WriteLineAsync($"gitreload {GitReloadVersion.Text}");
            return 0;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var loaded = SettingsLoader.Load(command.Flags, environment, Directory.GetCurrentDirectory(), home);
        if (command.Verb == Verb.CheckConfig)
            return await CheckConfig.Print(loaded, environment, Directory.GetCurrentDirectory(), output, errors);
        if (command.Verb == Verb.FleetForget)
            return await command.Subject.Match(
                Some: host => FleetCommand.Forget(loaded, host, output, errors),
                None: async () =>
                {
                    // The parser gives fleet forget its host; a command line built otherwise is told how to ask.
                    await errors.WriteLineAsync(new InvocationError.FleetUsage().Message);
                    return 2;
                });

        return await loaded.Match(
            Right: config => Serve(config, environment, output, errors),
            Left: refusal => refusal.Tell(errors));
    }

    private static async Task<int> Serve(LoadedConfiguration config, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter errors)
    {
        var settings = config.Settings;
        var app = GitReloadApp.Build(settings);
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        var log = logs.CreateLogger(ServiceLog.Category);
        ServiceLog.Findings(log, Preflight.Check(config, environment, Directory.GetCurrentDirectory()));
        try
        {
            await app.StartAsync();
        }
        catch (JournalUnusableException e)
        {
            await errors.WriteLineAsync($"gitreload: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // In use (an IOException from Kestrel), or an address this machine does not have (the socket's own error).
            await errors.WriteLineAsync($"gitreload: cannot listen on {settings.Host}:{settings.Port}: {e.Message}");
            return 2;
        }

        ServiceLog.Start(log, config, app.Urls, app.Services.GetRequiredService<ResumedJobs>().Jobs);
        ServiceLog.WatchShutdown(log, app.Lifetime, settings,
            app.Services.GetRequiredService<GitReload.AspNetCore.Jobs.WorkerPool>(), app.Services.GetRequiredService<IJobHistory>());
        await output.WriteLineAsync($"gitreload {GitReloadVersion.Text} listening on {string.Join(", ", app.Urls)}, checkouts in {settings.Core.RepoDir}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
