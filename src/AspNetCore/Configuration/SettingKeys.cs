using GitReload.AspNetCore.Reporting;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// The keys GitReload reads wherever it runs (the gitreload host's <c>gr.env.json</c> and environment, an
/// embedder's section or <see cref="GitReloadOptions"/>), with their defaults. The reporting keys are
/// <see cref="ReportingKeys"/>'.
/// </summary>
public static class SettingKeys
{
    /// <summary>Where checkouts live, one folder per repository.</summary>
    public const string RepoDir = "REPODIR";
    /// <summary>The virtualenv whose <c>bin/python</c> runs the default import.</summary>
    public const string VirtualEnv = "VIRTUAL_ENV";
    /// <summary>The import's working directory.</summary>
    public const string EdxPlatform = "EDX_PLATFORM";
    /// <summary>Passed to the import as <c>--settings=</c>.</summary>
    public const string DjangoSettings = "DJANGO_SETTINGS";
    /// <summary>Exported to the import as <c>LMS_CFG</c>.</summary>
    public const string LmsCfg = "LMS_CFG";
    /// <summary>Exported to the import as <c>REVISION_CFG</c>.</summary>
    public const string RevisionCfg = "REVISION_CFG";
    /// <summary>The import's (and the tree check's) time limit in minutes.</summary>
    public const string SubprocessTimeoutMinutes = "SUBPROCESS_TIMEOUT_MINUTES";
    /// <summary>How many jobs run at once.</summary>
    public const string NumThreads = "NUM_THREADS";
    /// <summary>An argv template replacing the default import.</summary>
    public const string ImportCommand = "IMPORT_COMMAND";
    /// <summary>Larger hook bodies are answered 413.</summary>
    public const string MaxPayloadBytes = "MAX_PAYLOAD_BYTES";
    /// <summary>The secret every hook must be signed with (secret).</summary>
    public const string HookSecret = "HOOK_SECRET";
    /// <summary>Per-repository secrets, several during a rotation (secret).</summary>
    public const string RepoSecrets = "REPO_SECRETS";
    /// <summary>The bearer token of the operator routes (secret).</summary>
    public const string AdminToken = "ADMIN_TOKEN";
    /// <summary>Tries of an update whose fetch fails for a transient reason.</summary>
    public const string MaxAttempts = "MAX_ATTEMPTS";
    /// <summary>The time limit of each git step, in seconds.</summary>
    public const string GitTimeoutSeconds = "GIT_TIMEOUT_SECONDS";
    /// <summary>The folder of the SQLite job journal.</summary>
    public const string StateDir = "STATE_DIR";
    /// <summary>The fleet's PostgreSQL journal.</summary>
    public const string JournalUrl = "JOURNAL_URL";
    /// <summary>This host's name in the fleet.</summary>
    public const string HostId = "HOST_ID";
    /// <summary>Finished jobs kept per repository.</summary>
    public const string MaxFinishedJobsPerRepo = "MAX_FINISHED_JOBS_PER_REPO";
    /// <summary>How long running jobs may go on after a stop is asked, in seconds.</summary>
    public const string ShutdownGraceSeconds = "SHUTDOWN_GRACE_SECONDS";
    /// <summary>How long a follow-up job waits for pushes to stop, in seconds.</summary>
    public const string FollowUpQuietSeconds = "FOLLOW_UP_QUIET_SECONDS";
    /// <summary>Which checkouts are published atomically.</summary>
    public const string Publish = "PUBLISH";
    /// <summary>Trees older than the published one kept for a rollback.</summary>
    public const string PublishKeep = "PUBLISH_KEEP";
    /// <summary>The check a new tree passes before it is published, an argv template.</summary>
    public const string VerifyCommand = "VERIFY_COMMAND";
    /// <summary>How often followed checkouts' origins are asked, in seconds; 0: never.</summary>
    public const string PollSeconds = "POLL_SECONDS";
    /// <summary>The checkouts followed by asking origin, and the job queued when it moved.</summary>
    public const string Poll = "POLL";
    /// <summary>How many origins are asked at once.</summary>
    public const string PollConcurrency = "POLL_CONCURRENCY";
    /// <summary>Embedding only: the jobs this service runs, and so the routes it maps.</summary>
    public const string Routes = "ROUTES";

    /// <summary>
    /// The value a key has when no source gives it, as text, written from <see cref="SettingDefaults"/>; <c>STATE_DIR</c>
    /// has none (the host gives its own).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        [RepoDir] = SettingDefaults.RepoDir,
        [VirtualEnv] = SettingDefaults.VirtualEnv,
        [EdxPlatform] = SettingDefaults.EdxPlatform,
        [DjangoSettings] = SettingDefaults.DjangoSettings,
        [LmsCfg] = SettingDefaults.LmsCfg,
        [RevisionCfg] = SettingDefaults.RevisionCfg,
        [SubprocessTimeoutMinutes] = Text(SettingDefaults.SubprocessTimeoutMinutes),
        [NumThreads] = Text(SettingDefaults.NumThreads),
        [MaxPayloadBytes] = Text(SettingDefaults.MaxPayloadBytes),
        [MaxAttempts] = Text(SettingDefaults.MaxAttempts),
        [GitTimeoutSeconds] = Text(SettingDefaults.GitTimeoutSeconds),
        [MaxFinishedJobsPerRepo] = Text(SettingDefaults.MaxFinishedJobsPerRepo),
        [ShutdownGraceSeconds] = Text(SettingDefaults.ShutdownGraceSeconds),
        [FollowUpQuietSeconds] = Text(SettingDefaults.FollowUpQuietSeconds),
        [PublishKeep] = Text(SettingDefaults.PublishKeep),
        [PollSeconds] = Text(SettingDefaults.PollSeconds),
        [PollConcurrency] = Text(SettingDefaults.PollConcurrency),
        [ReportingKeys.NotifyOn] = "failed",
        [ReportingKeys.NotifyFormat] = "json",
    };

    /// <summary>Keys that are a JSON array (or that array as a JSON string, as the environment gives it).</summary>
    public static readonly string[] Lists = [ImportCommand, VerifyCommand, Routes];

    /// <summary>Keys that are a JSON object (or that object as a JSON string).</summary>
    public static readonly string[] Maps = [RepoSecrets, Publish, Poll];

    /// <summary>Keys that take a number (in a JSON file a JSON number or a string of one).</summary>
    public static readonly string[] Numbers =
        [SubprocessTimeoutMinutes, NumThreads, MaxPayloadBytes, MaxAttempts, GitTimeoutSeconds, MaxFinishedJobsPerRepo, ShutdownGraceSeconds, FollowUpQuietSeconds, PublishKeep, PollSeconds, PollConcurrency];

    private static string Text(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
