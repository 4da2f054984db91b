namespace GitReload.Application.Secrets;

/// <summary>
/// GitReload's settings that are secrets: the journal's URL (it holds the database password), the hook
/// secrets, the operator token, the forges' tokens and the notification webhook. The programs GitReload
/// starts (the import, <c>VERIFY_COMMAND</c>, ssh for a fetch) run code pushed by others, and a process
/// of the same user reads another's environment in <c>/proc/PID/environ</c>: they get the service's
/// environment without these.
/// </summary>
public static class SecretSettings
{
    /// <summary>The keys, as the environment names them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "JOURNAL_URL", "HOOK_SECRET", "REPO_SECRETS", "ADMIN_TOKEN",
        "GITHUB_TOKEN", "GITEA_TOKEN", "GITLAB_TOKEN", "NOTIFY_WEBHOOK_URL",
    ];

    /// <summary>
    /// Whether the environment variable <paramref name="name"/> gives one of them: the key itself, or an
    /// embedder's configuration section's (<c>GitReload__HOOK_SECRET</c>), in any case.
    /// </summary>
    public static bool Names(string name) =>
        Keys.Any(key => name.Equals(key, StringComparison.OrdinalIgnoreCase) || name.EndsWith("__" + key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The variables of <paramref name="environment"/> (a process's) that a child must not get.</summary>
    public static IEnumerable<string> In(IEnumerable<string> environment) => environment.Where(Names);
}
