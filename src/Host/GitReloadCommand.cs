using GitReload.AspNetCore.Journal;
using GitReload.Host.Configuration;

namespace GitReload.Host;

/// <summary>The <c>gitreload</c> command: serve, check the configuration, or print help.</summary>
public static class GitReloadCommand
{
    public static async Task<int> Run(string[] args, IReadOnlyDictionary<string, string?> environment, TextWriter output, TextWriter errors)
    {
        var parsed = CommandLine.Parse(args);
        if (parsed.IsLeft)
        {
            await errors.WriteLineAsync((string)parsed);
            return 2;
        }

        var command = (CommandLine)parsed;
        if (command.Verb == Verb.Help)
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return 0;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var loaded = SettingsLoader.Load(command.Flags, environment, Directory.GetCurrentDirectory(), home);
        if (command.Verb == Verb.CheckConfig)
            return await CheckConfig.Print(loaded, output, errors);
        if (command.Verb == Verb.FleetForget)
            return await FleetCommand.Forget(loaded, command.Subject, output, errors);

        if (loaded.IsLeft)
        {
            foreach (var problem in (LanguageExt.Seq<string>)loaded)
                await errors.WriteLineAsync($"gitreload: {problem}");
            return 2;
        }

        var settings = ((LoadedConfiguration)loaded).Settings;
        var app = GitReloadApp.Build(settings);
        try
        {
            await app.StartAsync();
        }
        catch (JournalUnusableException e)
        {
            await errors.WriteLineAsync($"gitreload: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            await errors.WriteLineAsync($"gitreload: cannot listen on {settings.Host}:{settings.Port}: {e.Message}");
            return 2;
        }

        await output.WriteLineAsync($"gitreload listening on {string.Join(", ", app.Urls)}, checkouts in {settings.RepoDir}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
