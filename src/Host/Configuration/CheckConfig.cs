using GitReload.Adapters.Postgres;
using GitReload.Application;
using GitReload.Domain.Checkouts;
using System.Diagnostics;
using LanguageExt;
using Serilog.Events;

namespace GitReload.Host.Configuration;

/// <summary><c>gitreload check-config</c>: the effective configuration, and one line per problem.</summary>
public static class CheckConfig
{
    public static async Task<int> Print(
        Either<ConfigRefusal, LoadedConfiguration> loaded, IReadOnlyDictionary<string, string?> environment, string currentDirectory, TextWriter output, TextWriter errors)
    {
        await output.WriteLineAsync($"gitreload {GitReloadVersion.Text}");
        return await loaded.Match(
            Left: refusal => Refused(refusal, errors),
            Right: config => Loaded(config, environment, currentDirectory, output, errors));
    }

    private static async Task<int> Refused(ConfigRefusal refusal, TextWriter errors)
    {
        foreach (var problem in refusal.Problems)
            await errors.WriteLineAsync($"problem: {problem}");
        foreach (var warning in refusal.Warnings)
            await errors.WriteLineAsync($"warning: {warning}");
        return 1;
    }

    private static async Task<int> Loaded(
        LoadedConfiguration config, IReadOnlyDictionary<string, string?> environment, string currentDirectory, TextWriter output, TextWriter errors)
    {
        await output.WriteLineAsync($"config file: {config.File.IfNone("(none found)")}");
        await output.WriteLineAsync($"listen: {ListenHost.Url(config.Settings.Host, config.Settings.Port)}");
        foreach (var key in Keys.Printed)
            await output.WriteLineAsync($"{key} = {Shown(config, key)}  ({config.Sources.SourceOf(key)})");

        var findings = Preflight.Check(config, environment, currentDirectory);
        foreach (var finding in findings)
            await errors.WriteLineAsync(finding.Match(p => $"problem: {p.Text}", w => $"warning: {w.Text}"));
        foreach (var missing in PollWarnings.Missing(config.Settings))
            await errors.WriteLineAsync($"warning: {missing}");
        var problems = findings.Filter(f => f is Finding.Problem).ToList();
        // Only here: at start the journal's own open says the same in one line.
        foreach (var stateDir in config.Settings.Core.JournalUrl.IsNone ? config.Settings.Core.StateDir.ToSeq() : Empty)
        {
            foreach (var why in JournalFile.Unusable(stateDir).LeftToSeq())
            {
                await errors.WriteLineAsync($"problem: STATE_DIR: {why.Message}");
                problems.Add(new Finding.Problem(why.Message));
            }
            if (JournalFile.InUse(stateDir))
                await output.WriteLineAsync("journal: SQLite in STATE_DIR, held by the GitReload running there");
        }
        foreach (var url in config.Settings.Core.JournalUrl)
        {
            var reached = await PostgresStore.Probe(url, CancellationToken.None);
            foreach (var problem in reached.LeftToSeq())
            {
                await errors.WriteLineAsync($"problem: JOURNAL_URL: {problem.Message}");
                problems.Add(new Finding.Problem(problem.Message));
            }
            foreach (var state in reached.RightToSeq())
            {
                await output.WriteLineAsync($"journal: PostgreSQL at {url.Server} answers ({state})");
                var host = config.Settings.Core.HostId.Value;
                var now = DateTimeOffset.UtcNow;
                foreach (var seen in await PostgresStore.LiveHostSeen(url, host, now, CancellationToken.None))
                    await errors.WriteLineAsync(
                        $"warning: HOST_ID {host} is live in the fleet: a host with it was last seen at {seen:yyyy-MM-dd HH:mm:ss}Z ({Math.Max(0, (now - seen).TotalSeconds):0} s ago); " +
                        "a second gitreload with the same HOST_ID is refused at start: if that is not this machine's own GitReload, give this host another HOST_ID");
            }
        }
        return problems.Count == 0 ? 0 : 1;
    }

    private static string Shown(LoadedConfiguration config, string key) => key switch
    {
        Keys.ImportCommand => config.Settings.Core.ImportCommand.Match(c => "[" + string.Join(", ", c.Map(a => $"\"{a}\"")) + "]", () => "(unset: default edx-platform command)"),
        // Python's other names (WARN, FATAL, NOTSET) shown with the README's name they mean, never Serilog's.
        Keys.LogLevel => config.Sources.Root[key] is { Length: > 0 } level
            ? string.Equals(level, LevelName(config.Settings.LogLevel), StringComparison.OrdinalIgnoreCase) ? level : $"{level} ({LevelName(config.Settings.LogLevel)})"
            : "WARNING",
        Keys.HookSecret => config.Settings.Core.HookSecret.Match(_ => "***", () => config.Settings.Core.RepoSecrets.Count == 0
            ? "(unset: deliveries need no signature)"
            : "(unset: repositories not in REPO_SECRETS need no signature)"),
        Keys.AdminToken => config.Settings.Core.AdminToken.Match(_ => "***", () => "(unset: no operator routes)"),
        Keys.RepoSecrets => config.Settings.Core.RepoSecrets.Count == 0
            ? "(none)"
            : string.Join(", ", config.Settings.Core.RepoSecrets.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {string.Join(" ", r.Value.Map(_ => "***"))}")),
        Keys.Publish => config.Settings.Core.Publish.AnyAtomic ? config.Settings.Core.Publish.ToString() : "(unset: every checkout in place)",
        Keys.VerifyCommand => config.Settings.Core.VerifyCommand.Match(c => "[" + string.Join(", ", c.Map(a => $"\"{a}\"")) + "]", () => "(unset: new trees are published unchecked)"),
        Keys.JournalUrl => config.Settings.Core.JournalUrl.Match(url => url.Masked, () => "(unset: SQLite in STATE_DIR, a host alone)"),
        Keys.HostId => config.Settings.Core.HostId.Value + (config.Sources.Root[key] is { Length: > 0 } ? "" : " (the machine's host name)"),
        Keys.Poll => config.Settings.Core.Poll.Poll.IsEmpty ? "(none: no checkout is followed)" : "{" + config.Settings.Core.Poll.Poll + "}",
        Keys.PollSeconds => config.Settings.Core.Poll.Interval > TimeSpan.Zero ? config.Sources.Root[key] ?? "" : "0 (off: checkouts follow pushes only)",
        _ when Keys.Secret.Contains(key) => config.Sources.Root[key] is { Length: > 0 } ? "***" : "(unset)",
        // A URL may carry a user and password (https://user:password@host/api/v3), shown as ***@, or a token in its
        // query (?private_token=…), shown as ?***.
        _ => config.Sources.Root[key] is { } value ? WithoutQuery(OriginUrl.Redact(value)) : "(unset)",
    };

    // NOTSET is the one level below DEBUG: what the README says of it.
    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "everything",
        LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        LogEventLevel.Error => "ERROR",
        LogEventLevel.Fatal => "CRITICAL",
        _ => throw new UnreachableException(),
    };

    private static string WithoutQuery(string value) =>
        value.Contains("://", StringComparison.Ordinal) && value.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? value[..at] + "?***" : value;
}
