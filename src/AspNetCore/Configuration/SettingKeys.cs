using GitReload.AspNetCore.Reporting;
using LanguageExt;

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

    /// <summary>The gitreload host's logging level (host only).</summary>
    public const string LogLevel = "LOG_LEVEL";
    /// <summary>The gitreload host's log format, <c>text</c> or <c>json</c> (host only).</summary>
    public const string LogFormat = "LOG_FORMAT";
    /// <summary>The gitreload host's log file (host only).</summary>
    public const string LogFilePath = "LOG_FILE_PATH";
    /// <summary>Where the gitreload host sends metrics and traces (host only).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Every key, once, in the order <c>check-config</c> prints them: the one table that the kinds (<see cref="Numbers"/>,
    /// <see cref="Lists"/>, <see cref="Maps"/>), the <see cref="Defaults"/>, the host's keys and an embedder's known keys
    /// are read from. A new key is a row here, a rule in <see cref="GitReloadConfig"/>, a <see cref="GitReloadOptions"/>
    /// property and a row of the README's configuration table (tests fail for each one missing).
    /// </summary>
    public static readonly IReadOnlyList<Setting> All =
    [
        Shared(RepoDir, SettingKind.Text, SettingDefaults.RepoDir),
        Shared(VirtualEnv, SettingKind.Text, SettingDefaults.VirtualEnv),
        Shared(EdxPlatform, SettingKind.Text, SettingDefaults.EdxPlatform),
        Shared(DjangoSettings, SettingKind.Text, SettingDefaults.DjangoSettings),
        Shared(LmsCfg, SettingKind.Text, SettingDefaults.LmsCfg),
        Shared(RevisionCfg, SettingKind.Text, SettingDefaults.RevisionCfg),
        Shared(SubprocessTimeoutMinutes, SettingKind.Number, Text(SettingDefaults.SubprocessTimeoutMinutes)),
        Shared(NumThreads, SettingKind.Number, Text(SettingDefaults.NumThreads)),
        HostOnly(LogLevel, None),
        HostOnly(LogFormat, "text"),
        HostOnly(LogFilePath, None),
        Shared(ImportCommand, SettingKind.List, None),
        Shared(MaxPayloadBytes, SettingKind.Number, Text(SettingDefaults.MaxPayloadBytes)),
        Shared(HookSecret, SettingKind.Text, None, secret: true),
        Shared(RepoSecrets, SettingKind.Map, None, secret: true),
        HostOnly(OtlpEndpoint, None),
        Shared(MaxAttempts, SettingKind.Number, Text(SettingDefaults.MaxAttempts)),
        Shared(GitTimeoutSeconds, SettingKind.Number, Text(SettingDefaults.GitTimeoutSeconds)),
        Shared(AdminToken, SettingKind.Text, None, secret: true),
        Shared(Publish, SettingKind.Map, None),
        Shared(PublishKeep, SettingKind.Number, Text(SettingDefaults.PublishKeep)),
        Shared(VerifyCommand, SettingKind.List, None),
        Shared(StateDir, SettingKind.Text, None),
        Shared(JournalUrl, SettingKind.Text, None),
        Shared(HostId, SettingKind.Text, None),
        Shared(MaxFinishedJobsPerRepo, SettingKind.Number, Text(SettingDefaults.MaxFinishedJobsPerRepo)),
        Shared(ShutdownGraceSeconds, SettingKind.Number, Text(SettingDefaults.ShutdownGraceSeconds)),
        Shared(FollowUpQuietSeconds, SettingKind.Number, Text(SettingDefaults.FollowUpQuietSeconds)),
        Shared(PollSeconds, SettingKind.Number, Text(SettingDefaults.PollSeconds)),
        Shared(Poll, SettingKind.Map, None),
        Shared(PollConcurrency, SettingKind.Number, Text(SettingDefaults.PollConcurrency)),
        Shared(ReportingKeys.PublicUrl, SettingKind.Text, None),
        // A chat webhook URL is a credential: whoever has it can post to the channel.
        Shared(ReportingKeys.GitHubToken, SettingKind.Text, None, secret: true),
        Shared(ReportingKeys.GitHubApiUrl, SettingKind.Text, None),
        Shared(ReportingKeys.GiteaToken, SettingKind.Text, None, secret: true),
        Shared(ReportingKeys.GiteaApiUrl, SettingKind.Text, None),
        Shared(ReportingKeys.GitLabToken, SettingKind.Text, None, secret: true),
        Shared(ReportingKeys.GitLabApiUrl, SettingKind.Text, None),
        Shared(ReportingKeys.NotifyWebhookUrl, SettingKind.Text, None, secret: true),
        Shared(ReportingKeys.NotifyOn, SettingKind.Text, "failed"),
        Shared(ReportingKeys.NotifyFormat, SettingKind.Text, "json"),
        new(Routes, SettingKind.List, None, Secret: false, SettingScope.EmbeddingOnly),
    ];

    /// <summary>
    /// The value a key has when no source gives it, as text, written from <see cref="SettingDefaults"/>; <c>STATE_DIR</c>
    /// has none (the host gives its own).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults =
        // Not through Option<KeyValuePair>: that is one more generic copy of Option and Seq at every start (issue 16).
        All.Where(s => s.Default.IsSome).ToDictionary(s => s.Key, s => s.Default.IfNone(""));

    /// <summary>Keys that are a JSON array (or that array as a JSON string, as the environment gives it).</summary>
    public static readonly string[] Lists = Of(SettingKind.List);

    /// <summary>Keys that are a JSON object (or that object as a JSON string).</summary>
    public static readonly string[] Maps = Of(SettingKind.Map);

    /// <summary>Keys that take a number (in a JSON file a JSON number or a string of one).</summary>
    public static readonly string[] Numbers = Of(SettingKind.Number);

    private static string[] Of(SettingKind kind) => All.Where(s => s.Kind == kind).Select(s => s.Key).ToArray();

    private static Setting Shared(string key, SettingKind kind, Option<string> @default, bool secret = false) =>
        new(key, kind, @default, secret, SettingScope.Shared);

    private static Setting HostOnly(string key, Option<string> @default) =>
        new(key, SettingKind.Text, @default, Secret: false, SettingScope.HostOnly);

    private static string Text(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
