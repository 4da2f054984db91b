using GitReload.AspNetCore.Configuration;
using GitReload.AspNetCore.Reporting;

namespace GitReload.Host.Configuration;

/// <summary>The configuration keys of <c>gr.env.json</c> and the environment, with their defaults: GitReload's (<see cref="SettingKeys"/>) and the host's own.</summary>
public static class Keys
{
    public const string RepoDir = SettingKeys.RepoDir;
    public const string VirtualEnv = SettingKeys.VirtualEnv;
    public const string EdxPlatform = SettingKeys.EdxPlatform;
    public const string DjangoSettings = SettingKeys.DjangoSettings;
    public const string LmsCfg = SettingKeys.LmsCfg;
    public const string RevisionCfg = SettingKeys.RevisionCfg;
    public const string SubprocessTimeoutMinutes = SettingKeys.SubprocessTimeoutMinutes;
    public const string NumThreads = SettingKeys.NumThreads;
    public const string LogLevel = SettingKeys.LogLevel;
    public const string LogFilePath = SettingKeys.LogFilePath;
    public const string ImportCommand = SettingKeys.ImportCommand;
    public const string MaxPayloadBytes = SettingKeys.MaxPayloadBytes;
    public const string HookSecret = SettingKeys.HookSecret;
    public const string RepoSecrets = SettingKeys.RepoSecrets;
    public const string LogFormat = SettingKeys.LogFormat;
    public const string OtlpEndpoint = SettingKeys.OtlpEndpoint;
    public const string AdminToken = SettingKeys.AdminToken;
    public const string MaxAttempts = SettingKeys.MaxAttempts;
    public const string GitTimeoutSeconds = SettingKeys.GitTimeoutSeconds;
    public const string StateDir = SettingKeys.StateDir;
    public const string MaxFinishedJobsPerRepo = SettingKeys.MaxFinishedJobsPerRepo;
    public const string ShutdownGraceSeconds = SettingKeys.ShutdownGraceSeconds;
    public const string FollowUpQuietSeconds = SettingKeys.FollowUpQuietSeconds;
    public const string PublicUrl = ReportingKeys.PublicUrl;
    public const string GitHubToken = ReportingKeys.GitHubToken;
    public const string GitHubApiUrl = ReportingKeys.GitHubApiUrl;
    public const string GiteaToken = ReportingKeys.GiteaToken;
    public const string GiteaApiUrl = ReportingKeys.GiteaApiUrl;
    public const string GitLabToken = ReportingKeys.GitLabToken;
    public const string GitLabApiUrl = ReportingKeys.GitLabApiUrl;
    public const string NotifyWebhookUrl = ReportingKeys.NotifyWebhookUrl;
    public const string NotifyOn = ReportingKeys.NotifyOn;
    public const string NotifyFormat = ReportingKeys.NotifyFormat;
    public const string JournalUrl = SettingKeys.JournalUrl;
    public const string HostId = SettingKeys.HostId;
    public const string Publish = SettingKeys.Publish;
    public const string PublishKeep = SettingKeys.PublishKeep;
    public const string VerifyCommand = SettingKeys.VerifyCommand;
    public const string PollSeconds = SettingKeys.PollSeconds;
    public const string Poll = SettingKeys.Poll;
    public const string PollConcurrency = SettingKeys.PollConcurrency;

    // Flags only: HOST is set by some shells, so host and port never come from the environment.
    public const string Host = "cli:host";
    public const string Port = "cli:port";
    public const string ConfigFile = "cli:config";

    /// <summary>GitReload's defaults (<see cref="SettingKeys.Defaults"/>) and the host's own.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = SettingKeys.Defaults
        .Select(d => KeyValuePair.Create(d.Key, (string?)d.Value))
        .Concat(new Dictionary<string, string?>
        {
            [Host] = "127.0.0.1",
            [Port] = "5000",
        })
        .ToDictionary();

    /// <summary>The keys of the host's file and environment, in the order <c>check-config</c> prints them (<see cref="SettingKeys.All"/>).</summary>
    public static readonly string[] Printed = SettingKeys.All.Where(s => s.ReadByHost).Select(s => s.Key).ToArray();

    /// <summary>Keys whose values are never printed.</summary>
    public static readonly string[] Secret = SettingKeys.All.Where(s => s.Secret).Select(s => s.Key).ToArray();

    /// <summary>The default of <c>STATE_DIR</c>: <c>$XDG_STATE_HOME/gitreload</c>, else <c>~/.local/state/gitreload</c>.</summary>
    public static string DefaultStateDir(IReadOnlyDictionary<string, string?> environment, string homeDirectory) =>
        environment.GetValueOrDefault("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? Path.Combine(xdg, "gitreload")
            : Path.Combine(homeDirectory, ".local", "state", "gitreload");
}
