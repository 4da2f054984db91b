using GitReload.Adapters.Git.FileSystem;
using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>
/// What <c>check-config</c> and the start of the service say about a configuration beyond its
/// values: folders and files the service must write, the import program, hooks left unsigned.
/// </summary>
public static class Preflight
{
    /// <summary>Every finding, problems first.</summary>
    public static Seq<Finding> Check(LoadedConfiguration config, IReadOnlyDictionary<string, string?> environment, string currentDirectory)
    {
        // Plain loops rather than Seq's Map, Bind and Concat: this runs at every start, before the first answer (issue 16).
        var findings = new List<Finding>();
        foreach (var problem in Problems(config.Settings, environment, currentDirectory))
            findings.Add(new Finding.Problem(problem));
        foreach (var warning in config.Warnings)
            findings.Add(new Finding.Warning(warning));
        foreach (var warning in Warnings(config.Settings))
            findings.Add(new Finding.Warning(warning));
        return findings.ToArray().ToSeq();
    }

    private static List<string> Problems(GitReloadSettings settings, IReadOnlyDictionary<string, string?> environment, string currentDirectory)
    {
        var problems = new List<string>();
        // The service starts without REPODIR, or kept out of it, but every hook would fail.
        foreach (var problem in RepoDirProblem(settings.Core.RepoDir))
            problems.Add(problem);
        // With JOURNAL_URL the journal lives in PostgreSQL: STATE_DIR holds nothing.
        if (settings.Core.JournalUrl.IsNone)
            settings.Core.StateDir.IfSome(d => Writable.Folder(d).IfLeft(why =>
                problems.Add($"STATE_DIR: {why.Message}: the job journal cannot be kept there, so the service will not start")));
        settings.LogFilePath.IfSome(f => Writable.File(f).IfLeft(why =>
            problems.Add($"LOG_FILE_PATH: {why.Message}: nothing will be logged to the file")));
        // An explicit IMPORT_COMMAND says this host imports; the default python may be missing on a host that only updates.
        settings.Core.ImportCommand.IfSome(c => ImportProgram.Missing(c.Head, environment.GetValueOrDefault("PATH"), currentDirectory).IfLeft(why =>
            problems.Add($"IMPORT_COMMAND: {why.Message}: every course import will fail")));
        settings.Core.VerifyCommand.IfSome(c => ImportProgram.Missing(c.Head, environment.GetValueOrDefault("PATH"), currentDirectory).IfLeft(why =>
            problems.Add($"VERIFY_COMMAND: {why.Message}: every atomic update will fail its check and publish nothing")));
        return problems;
    }

    private const string EveryHookFails = "every hook will answer 500 'Server configuration issue'";

    private static Option<string> RepoDirProblem(string repoDir) => FolderReach.Of(repoDir).Match(
        readable: _ => Option<string>.None,
        missing: _ => $"REPODIR {repoDir} does not exist: {EveryHookFails}",
        notAFolder: _ => $"REPODIR {repoDir} is a file, not a folder: {EveryHookFails}",
        denied: d => $"REPODIR {repoDir} cannot be read by this user (uid {d.User}): permission denied on it or on a folder above it, so {EveryHookFails}; "
            + "give the user GitReload runs as read and search access (r-x) to it, and search access (x) to every folder above it",
        failed: f => $"REPODIR {repoDir} cannot be read ({f.Why}): {EveryHookFails}");

    // The secrets written out in gr.env.json.example, contrib/ and the README's examples: a copy left as it is signs
    // nothing secret. PreflightTests reads those files, so an example secret added there and not here fails it.
    private static readonly string[] Placeholders =
    [
        "replace-with-the-output-of-openssl-rand-hex-32", "change-me", "shared-secret", "its-own-secret", "new-secret", "old-secret",
        "secret", "new", "old", "password", "pa@ss", "...",
    ];

    private const string MakeOne = "Make one with openssl rand -hex 32";

    private static bool IsPlaceholder(string secret) => Placeholders.Contains(secret.Trim(), StringComparer.OrdinalIgnoreCase);

    // Every secret setting but NOTIFY_WEBHOOK_URL: no document writes one out, and a bare placeholder there is no URL,
    // which is already a problem. The value is never shown, only its key.
    private static IEnumerable<string> PlaceholderSecrets(GitReloadSettings settings)
    {
        if (settings.Core.HookSecret.Exists(IsPlaceholder))
            yield return $"HOOK_SECRET is the placeholder of an example file, not a secret: whoever has read that file can sign hooks. {MakeOne}";
        foreach (var repository in settings.Core.RepoSecrets.Where(r => r.Value.Exists(IsPlaceholder)).Select(r => r.Key).Order(StringComparer.Ordinal))
            yield return $"REPO_SECRETS gives the repository '{repository}' the placeholder of an example file, not a secret: whoever has read that file can sign its hooks. {MakeOne}";
        if (settings.Core.AdminToken.Exists(IsPlaceholder))
            yield return $"ADMIN_TOKEN is the placeholder of an example file, not a secret: whoever has read that file can run jobs by hand and roll checkouts back. {MakeOne}";
        var reporting = settings.Core.Reporting;
        foreach (var (key, forge, access) in new[] { (Keys.GitHubToken, "GitHub", reporting.GitHub), (Keys.GiteaToken, "Gitea", reporting.Gitea), (Keys.GitLabToken, "GitLab", reporting.GitLab) })
            if (access.Exists(a => IsPlaceholder(a.Token)))
                yield return $"{key} is the placeholder of an example file, not a token: {forge} will refuse every commit status. Give it a token made on {forge}";
        if (settings.Core.JournalUrl.Exists(url => url.PasswordIs(IsPlaceholder)))
            yield return "JOURNAL_URL's password is the placeholder of an example file: whoever has read that file and reaches the database can change the fleet's jobs. "
                + "Give the journal's user a password made with openssl rand -hex 24";
    }

    private static IEnumerable<string> Warnings(GitReloadSettings settings)
    {
        var python = Path.Combine(settings.Core.VirtualEnv, "bin", "python");
        if (settings.Core.ImportCommand.IsNone && !File.Exists(python))
            yield return $"VIRTUAL_ENV: {python} does not exist: course imports will fail (updates still work)";
        if (settings.Core.ImportCommand.IsNone && !Directory.Exists(settings.Core.EdxPlatform))
            yield return $"EDX_PLATFORM: {settings.Core.EdxPlatform} does not exist: course imports will fail there (updates still work)";
        if (settings.Core.VerifyCommand.IsSome && !settings.Core.Publish.AnyAtomic)
            yield return "VERIFY_COMMAND is set but PUBLISH publishes no checkout atomically: the check runs only before an atomic publish";
        foreach (var warning in NamedCheckouts.MissingFromPublish(settings))
            yield return warning;
        foreach (var warning in PollWarnings.Of(settings))
            yield return warning;
        foreach (var warning in PlaceholderSecrets(settings))
            yield return warning;
        if (settings.Core.HookSecret.IsNone && settings.Core.RepoSecrets.Count > 0)
            yield return "HOOK_SECRET is not set, so only the repositories in REPO_SECRETS need a signature: "
                + "hooks for any other repository are accepted unsigned. Set HOOK_SECRET to require one from all";
    }
}
