using System.Globalization;
using System.Reflection;
using GitReload.AspNetCore.Configuration;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore;

/// <summary>
/// What an embedding service sets for GitReload. Property names bind from configuration under the
/// keys of <c>gr.env.json</c> (<c>REPODIR</c>, <c>NUM_THREADS</c>, ...); defaults are the original tool's.
/// </summary>
public sealed partial class GitReloadOptions
{
    /// <summary>Where checkouts live; one folder per repository, named as the repository.</summary>
    [ConfigurationKeyName("REPODIR")]
    public string RepoDir { get; set; } = SettingDefaults.RepoDir;

    /// <summary>The virtualenv whose <c>bin/python</c> runs the import.</summary>
    [ConfigurationKeyName("VIRTUAL_ENV")]
    public string VirtualEnv { get; set; } = SettingDefaults.VirtualEnv;

    /// <summary>The import's working directory.</summary>
    [ConfigurationKeyName("EDX_PLATFORM")]
    public string EdxPlatform { get; set; } = SettingDefaults.EdxPlatform;

    /// <summary>Passed to the import as <c>--settings=</c>.</summary>
    [ConfigurationKeyName("DJANGO_SETTINGS")]
    public string DjangoSettings { get; set; } = SettingDefaults.DjangoSettings;

    /// <summary>Exported to the import as <c>LMS_CFG</c>.</summary>
    [ConfigurationKeyName("LMS_CFG")]
    public string LmsCfg { get; set; } = SettingDefaults.LmsCfg;

    /// <summary>Exported to the import as <c>REVISION_CFG</c>.</summary>
    [ConfigurationKeyName("REVISION_CFG")]
    public string RevisionCfg { get; set; } = SettingDefaults.RevisionCfg;

    /// <summary>The import's time limit in minutes; decimals allowed.</summary>
    [ConfigurationKeyName("SUBPROCESS_TIMEOUT_MINUTES")]
    public double SubprocessTimeoutMinutes { get; set; } = SettingDefaults.SubprocessTimeoutMinutes;

    /// <summary>An argv template replacing the default import, with <c>{repo_url}</c>, <c>{repo_dir}</c>, <c>{repo_name}</c>, <c>{branch}</c>.</summary>
    [ConfigurationKeyName("IMPORT_COMMAND")]
    public List<string>? ImportCommand { get; set; }

    /// <summary>How many jobs run at once (never two on one checkout).</summary>
    [ConfigurationKeyName("NUM_THREADS")]
    public int NumThreads { get; set; } = SettingDefaults.NumThreads;

    /// <summary>Larger hook bodies are answered 413.</summary>
    [ConfigurationKeyName("MAX_PAYLOAD_BYTES")]
    public long MaxPayloadBytes { get; set; } = SettingDefaults.MaxPayloadBytes;

    /// <summary>When set, every hook request must be signed with it.</summary>
    [ConfigurationKeyName("HOOK_SECRET")]
    public string? HookSecret { get; set; }

    /// <summary>Per-repository secrets (several during a rotation), replacing <see cref="HookSecret"/> for those repositories.</summary>
    [ConfigurationKeyName("REPO_SECRETS")]
    public Dictionary<string, List<string>> RepoSecrets { get; set; } = [];

    /// <summary>The folder of the SQLite job journal; required unless <see cref="JournalUrl"/> names a PostgreSQL journal.</summary>
    [ConfigurationKeyName("STATE_DIR")]
    public string StateDir { get; set; } = "";

    /// <summary>A PostgreSQL database (<c>postgresql://user:password@host:port/db</c> or an Npgsql string) that every host of a fleet shares; unset: SQLite in <see cref="StateDir"/>.</summary>
    [ConfigurationKeyName("JOURNAL_URL")]
    public string? JournalUrl { get; set; }

    /// <summary>This host's name in the fleet; unset: the machine's host name.</summary>
    [ConfigurationKeyName("HOST_ID")]
    public string? HostId { get; set; }

    /// <summary>Finished jobs kept per repository.</summary>
    [ConfigurationKeyName("MAX_FINISHED_JOBS_PER_REPO")]
    public int MaxFinishedJobsPerRepo { get; set; } = SettingDefaults.MaxFinishedJobsPerRepo;

    /// <summary>How long running jobs may go on after the host is asked to stop, in seconds.</summary>
    [ConfigurationKeyName("SHUTDOWN_GRACE_SECONDS")]
    public double ShutdownGraceSeconds { get; set; } = SettingDefaults.ShutdownGraceSeconds;

    /// <summary>Tries of an update whose fetch fails for a transient reason.</summary>
    [ConfigurationKeyName("MAX_ATTEMPTS")]
    public int MaxAttempts { get; set; } = SettingDefaults.MaxAttempts;

    /// <summary>Time limit of each git step of an update, in seconds.</summary>
    [ConfigurationKeyName("GIT_TIMEOUT_SECONDS")]
    public double GitTimeoutSeconds { get; set; } = SettingDefaults.GitTimeoutSeconds;

    /// <summary>
    /// How long a follow-up job (queued while the same work ran) waits for pushes to stop before
    /// it starts, in seconds, so that a burst of pushes runs at most two jobs; 0 starts it at once.
    /// </summary>
    [ConfigurationKeyName("FOLLOW_UP_QUIET_SECONDS")]
    public double FollowUpQuietSeconds { get; set; } = SettingDefaults.FollowUpQuietSeconds;

    /// <summary>When set, enables <c>POST /repos/{name}/update|import</c> with this bearer token.</summary>
    [ConfigurationKeyName("ADMIN_TOKEN")]
    public string? AdminToken { get; set; }

    /// <summary>
    /// The jobs this service runs, and so the routes it maps: <c>update</c> (<c>POST /update</c>,
    /// <c>/repos/{name}/update</c>) and <c>import</c> (<c>POST /</c>, <c>/gitreload</c>, <c>/repos/{name}/import</c>).
    /// Unset: both. A route left out is not mapped at all (404).
    /// </summary>
    [ConfigurationKeyName("ROUTES")]
    public List<string>? Routes { get; set; }

    /// <summary>Every value that cannot work, each naming its key (shown as <c>GitReloadOptions: KEY must be ...</c>); empty when all can.</summary>
    public LanguageExt.Seq<ConfigProblem> Problems() =>
        GitReloadConfig.Parse(Values(Source)).Match(Succ: _ => LanguageExt.Seq<ConfigProblem>.Empty, Fail: problems => problems);

    /// <summary><see cref="HostId"/>, else the machine's host name.</summary>
    public string HostIdOrMachine => string.IsNullOrWhiteSpace(HostId) ? Environment.MachineName : HostId;

    /// <summary>How problems name options set in code.</summary>
    internal const string Source = nameof(GitReloadOptions);

    /// <summary>The options as the keys' text, to be read by the rules every configuration is read by.</summary>
    internal SettingValues Values(string source)
    {
        var texts = Bound.ToDictionary(b => b.Key, b => TextOf(b.Value.GetValue(this)));
        return new SettingValues(key => Optional(texts.GetValueOrDefault(key)), _ => source);
    }

    /// <summary>The property each key binds to, by its <see cref="ConfigurationKeyNameAttribute"/>.</summary>
    internal static readonly IReadOnlyDictionary<string, PropertyInfo> Bound = typeof(GitReloadOptions).GetProperties()
        .SelectMany(p => Optional(p.GetCustomAttribute<ConfigurationKeyNameAttribute>()).Map(a => KeyValuePair.Create(a.Name, p)))
        .ToDictionary();

    // A property's value as the text a file or the environment would give; an empty list or map is unset, as [] or
    // {} is in a JSON file (the configuration reader cannot tell the two apart).
    private static string? TextOf(object? value) => value switch
    {
        null => null,
        string text => text,
        IFormattable number => Text(number),
        List<string> items => List(items),
        Dictionary<string, string> map => map.Count > 0 ? SettingValues.Json.Object(map.Select(p => (p.Key, (string?)p.Value, (IReadOnlyList<string?>?)null))) : null,
        Dictionary<string, List<string>> map => map.Count > 0 ? SettingValues.Json.Object(map.Select(p => (p.Key, (string?)null, (IReadOnlyList<string?>?)p.Value))) : null,
        _ => throw new InvalidOperationException($"GitReloadOptions has a property of type {value.GetType().Name}, which no setting kind reads"),
    };

    private static string? List(List<string>? items) => items is { Count: > 0 } ? SettingValues.Json.Array(items) : null;

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
