using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary><c>gitreload check-config</c>: the effective configuration, and one line per problem.</summary>
public static class CheckConfig
{
    public static async Task<int> Print(Either<Seq<string>, LoadedConfiguration> loaded, TextWriter output, TextWriter errors)
    {
        if (loaded.IsLeft)
        {
            foreach (var problem in (Seq<string>)loaded)
                await errors.WriteLineAsync($"problem: {problem}");
            return 1;
        }

        var config = (LoadedConfiguration)loaded;
        await output.WriteLineAsync($"config file: {config.File.IfNone("(none found)")}");
        await output.WriteLineAsync($"listen: http://{config.Settings.Host}:{config.Settings.Port}");
        foreach (var key in Keys.Printed)
            await output.WriteLineAsync($"{key} = {Shown(config, key)}  ({config.Sources.SourceOf(key)})");

        foreach (var warning in Warnings(config.Settings))
            await errors.WriteLineAsync($"warning: {warning}");
        var problems = Problems(config.Settings).ToList();
        foreach (var url in config.Settings.JournalUrl)
        {
            var reached = await GitReload.Adapters.Postgres.PostgresStore.Open(url, CancellationToken.None);
            reached.Match(
                Right: store => store.Dispose(),
                Left: problem => problems.Add($"JOURNAL_URL: {problem}"));
            if (reached.IsRight)
                await output.WriteLineAsync($"journal: PostgreSQL at {url.Server} answers; its schema is up to date");
        }
        foreach (var problem in problems)
            await errors.WriteLineAsync($"problem: {problem}");
        return problems.Count == 0 ? 0 : 1;
    }

    private static string Shown(LoadedConfiguration config, string key) => key switch
    {
        Keys.ImportCommand => config.Settings.ImportCommand.Match(c => "[" + string.Join(", ", c.Map(a => $"\"{a}\"")) + "]", () => "(unset: default edx-platform command)"),
        Keys.LogLevel => config.Sources.Root[key] is { Length: > 0 } level ? level.ToUpperInvariant() : "WARNING",
        Keys.HookSecret => config.Settings.HookSecret.Match(_ => "***", () => "(unset: deliveries need no signature)"),
        Keys.AdminToken => config.Settings.AdminToken.Match(_ => "***", () => "(unset: no operator routes)"),
        Keys.RepoSecrets => config.Settings.RepoSecrets.Count == 0
            ? "(none)"
            : string.Join(", ", config.Settings.RepoSecrets.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {string.Join(" ", r.Value.Map(_ => "***"))}")),
        Keys.JournalUrl => config.Settings.JournalUrl.Match(url => url.Masked, () => "(unset: SQLite in STATE_DIR, a host alone)"),
        Keys.HostId => config.Settings.HostId.Value + (config.Sources.Root[key] is { Length: > 0 } ? "" : " (the machine's host name)"),
        _ when Keys.Secret.Contains(key) => config.Sources.Root[key] is { Length: > 0 } ? "***" : "(unset)",
        _ => config.Sources.Root[key] ?? "(unset)",
    };

    // The service starts without REPODIR, but every hook would fail.
    private static IEnumerable<string> Problems(GitReloadSettings settings)
    {
        if (!Directory.Exists(settings.RepoDir))
            yield return $"REPODIR {settings.RepoDir} does not exist: every hook will answer 500 'Server configuration issue'";
    }

    // A host that only updates checkouts (graders) never runs the import.
    private static IEnumerable<string> Warnings(GitReloadSettings settings)
    {
        var python = Path.Combine(settings.VirtualEnv, "bin", "python");
        if (settings.ImportCommand.IsNone && !File.Exists(python))
            yield return $"VIRTUAL_ENV: {python} does not exist: course imports will fail (updates still work)";
    }
}
