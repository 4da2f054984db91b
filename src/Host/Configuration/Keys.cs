namespace GitReload.Host.Configuration;

/// <summary>The configuration keys of <c>gr.env.json</c> and the environment, with their defaults.</summary>
public static class Keys
{
    public const string RepoDir = "REPODIR";
    public const string VirtualEnv = "VIRTUAL_ENV";
    public const string EdxPlatform = "EDX_PLATFORM";
    public const string DjangoSettings = "DJANGO_SETTINGS";
    public const string LmsCfg = "LMS_CFG";
    public const string RevisionCfg = "REVISION_CFG";
    public const string SubprocessTimeoutMinutes = "SUBPROCESS_TIMEOUT_MINUTES";
    public const string NumThreads = "NUM_THREADS";
    public const string LogLevel = "LOG_LEVEL";
    public const string LogFilePath = "LOG_FILE_PATH";
    public const string ImportCommand = "IMPORT_COMMAND";
    public const string MaxPayloadBytes = "MAX_PAYLOAD_BYTES";
    public const string HookSecret = "HOOK_SECRET";
    public const string RepoSecrets = "REPO_SECRETS";
    public const string LogFormat = "LOG_FORMAT";
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AdminToken = "ADMIN_TOKEN";
    public const string MaxAttempts = "MAX_ATTEMPTS";
    public const string GitTimeoutSeconds = "GIT_TIMEOUT_SECONDS";
    public const string StateDir = "STATE_DIR";
    public const string MaxFinishedJobsPerRepo = "MAX_FINISHED_JOBS_PER_REPO";
    public const string ShutdownGraceSeconds = "SHUTDOWN_GRACE_SECONDS";
    public const string FollowUpQuietSeconds = "FOLLOW_UP_QUIET_SECONDS";
    public const string PublicUrl = "PUBLIC_URL";
    public const string GitHubToken = "GITHUB_TOKEN";
    public const string GitHubApiUrl = "GITHUB_API_URL";
    public const string GiteaToken = "GITEA_TOKEN";
    public const string GiteaApiUrl = "GITEA_API_URL";
    public const string GitLabToken = "GITLAB_TOKEN";
    public const string GitLabApiUrl = "GITLAB_API_URL";
    public const string NotifyWebhookUrl = "NOTIFY_WEBHOOK_URL";
    public const string NotifyOn = "NOTIFY_ON";
    public const string NotifyFormat = "NOTIFY_FORMAT";
    public const string JournalUrl = "JOURNAL_URL";
    public const string HostId = "HOST_ID";
    public const string Publish = "PUBLISH";
    public const string PublishKeep = "PUBLISH_KEEP";
    public const string VerifyCommand = "VERIFY_COMMAND";
    public const string PollSeconds = "POLL_SECONDS";
    public const string Poll = "POLL";
    public const string PollConcurrency = "POLL_CONCURRENCY";

    // Flags only: HOST is set by some shells, so host and port never come from the environment.
    public const string Host = "cli:host";
    public const string Port = "cli:port";
    public const string ConfigFile = "cli:config";

    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        [RepoDir] = "/mnt/data/repos",
        [VirtualEnv] = "/edx/app/edxapp/venvs/edxapp",
        [EdxPlatform] = "/edx/app/edxapp/edx-platform",
        [DjangoSettings] = "aws",
        [LmsCfg] = "/edx/etc/lms.yml",
        [RevisionCfg] = "/edx/etc/revisions.yml",
        [SubprocessTimeoutMinutes] = "60",
        [NumThreads] = "1",
        [MaxPayloadBytes] = "26214400",
        [MaxAttempts] = "3",
        [GitTimeoutSeconds] = "300",
        [MaxFinishedJobsPerRepo] = "1000",
        [ShutdownGraceSeconds] = "30",
        [FollowUpQuietSeconds] = "1",
        [PublishKeep] = "2",
        [PollSeconds] = "0",
        [PollConcurrency] = "4",
        [LogFormat] = "text",
        [NotifyOn] = "failed",
        [NotifyFormat] = "json",
        [Host] = "127.0.0.1",
        [Port] = "5000",
    };

    /// <summary>The keys <c>check-config</c> prints, in order.</summary>
    public static readonly string[] Printed =
    [
        RepoDir, VirtualEnv, EdxPlatform, DjangoSettings, LmsCfg, RevisionCfg, SubprocessTimeoutMinutes,
        NumThreads, LogLevel, LogFormat, LogFilePath, ImportCommand, MaxPayloadBytes, HookSecret, RepoSecrets, OtlpEndpoint, MaxAttempts, GitTimeoutSeconds, AdminToken,
        Publish, PublishKeep, VerifyCommand,
        StateDir, JournalUrl, HostId, MaxFinishedJobsPerRepo, ShutdownGraceSeconds, FollowUpQuietSeconds, PollSeconds, Poll, PollConcurrency,
        PublicUrl, GitHubToken, GitHubApiUrl, GiteaToken, GiteaApiUrl, GitLabToken, GitLabApiUrl, NotifyWebhookUrl, NotifyOn, NotifyFormat,
    ];

    /// <summary>Keys that are a JSON array in <c>gr.env.json</c> (or that array as a JSON string).</summary>
    public static readonly string[] Lists = [ImportCommand, VerifyCommand];

    /// <summary>Keys that are a JSON object in <c>gr.env.json</c> (or that object as a JSON string).</summary>
    public static readonly string[] Maps = [RepoSecrets, Publish, Poll];

    /// <summary>Keys that take a number (in <c>gr.env.json</c> a JSON number or a string of one); every other key is a string.</summary>
    public static readonly string[] Numbers =
        [SubprocessTimeoutMinutes, NumThreads, MaxPayloadBytes, MaxAttempts, GitTimeoutSeconds, MaxFinishedJobsPerRepo, ShutdownGraceSeconds, FollowUpQuietSeconds, PublishKeep, PollSeconds, PollConcurrency];

    /// <summary>Keys whose values are never printed.</summary>
    // A chat webhook URL is a credential: whoever has it can post to the channel.
    public static readonly string[] Secret = [HookSecret, RepoSecrets, AdminToken, GitHubToken, GiteaToken, GitLabToken, NotifyWebhookUrl];

    /// <summary>The default of <c>STATE_DIR</c>: <c>$XDG_STATE_HOME/gitreload</c>, else <c>~/.local/state/gitreload</c>.</summary>
    public static string DefaultStateDir(IReadOnlyDictionary<string, string?> environment, string homeDirectory) =>
        environment.GetValueOrDefault("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "gitreload")
            : Path.Combine(homeDirectory, ".local", "state", "gitreload");
}
