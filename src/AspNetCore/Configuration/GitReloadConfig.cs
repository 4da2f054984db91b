using System.Diagnostics;
using GitReload.Adapters.Reporting;
using GitReload.AspNetCore.Reconcile;
using GitReload.AspNetCore.Reporting;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using LanguageExt;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// GitReload's configuration, validated: what <see cref="GitReloadServices.AddGitReload(IServiceCollection, Action{GitReloadOptions})"/>
/// wires. <see cref="Parse"/> is the one place its keys' rules live, for the gitreload host and embedders alike.
/// </summary>
public sealed record GitReloadConfig
{
    /// <summary>Where checkouts live, one folder per repository.</summary>
    public required string RepoDir { get; init; }
    /// <summary>The virtualenv whose <c>bin/python</c> runs the default import.</summary>
    public required string VirtualEnv { get; init; }
    /// <summary>The import's working directory.</summary>
    public required string EdxPlatform { get; init; }
    /// <summary>Passed to the import as <c>--settings=</c>.</summary>
    public required string DjangoSettings { get; init; }
    /// <summary>Exported to the import as <c>LMS_CFG</c>.</summary>
    public required string LmsCfg { get; init; }
    /// <summary>Exported to the import as <c>REVISION_CFG</c>.</summary>
    public required string RevisionCfg { get; init; }
    /// <summary>The import's (and the tree check's) time limit.</summary>
    public required TimeSpan ImportTimeout { get; init; }
    /// <summary>An argv template replacing the default import.</summary>
    public required Option<Seq<string>> ImportCommand { get; init; }
    /// <summary>How many jobs run at once.</summary>
    public required int NumThreads { get; init; }
    /// <summary>Larger hook bodies are answered 413.</summary>
    public required long MaxPayloadBytes { get; init; }
    /// <summary>The secret every hook must be signed with (secret).</summary>
    public required Option<string> HookSecret { get; init; }
    /// <summary>Per-repository secrets, several during a rotation (secret).</summary>
    public required IReadOnlyDictionary<string, Seq<string>> RepoSecrets { get; init; }
    /// <summary>The bearer token of the operator routes (secret).</summary>
    public required Option<string> AdminToken { get; init; }

    /// <summary>The jobs this service runs, and so the routes it maps (<c>ROUTES</c>).</summary>
    public required IReadOnlySet<JobAction> Routes { get; init; }

    /// <summary>The SQLite journal's folder; none when <c>STATE_DIR</c> is unset.</summary>
    public required Option<string> StateDir { get; init; }

    /// <summary>The fleet's PostgreSQL journal; none: SQLite in <see cref="StateDir"/>.</summary>
    public required Option<Adapters.Postgres.JournalUrl> JournalUrl { get; init; }

    /// <summary>This host's name in the fleet (the machine's host name by default).</summary>
    public required HostId HostId { get; init; }
    /// <summary>Finished jobs kept per repository.</summary>
    public required int MaxFinishedJobsPerRepo { get; init; }
    /// <summary>How long running jobs may go on after a stop is asked.</summary>
    public required TimeSpan ShutdownGrace { get; init; }
    /// <summary>How long a follow-up job waits for pushes to stop.</summary>
    public required TimeSpan FollowUpQuiet { get; init; }
    /// <summary>Tries of an update whose fetch fails for a transient reason.</summary>
    public required int MaxAttempts { get; init; }
    /// <summary>The time limit of each git step.</summary>
    public required TimeSpan GitTimeout { get; init; }
    /// <summary>Which checkouts are published atomically.</summary>
    public required PublishPolicy Publish { get; init; }
    /// <summary>Trees older than the published one kept for a rollback.</summary>
    public required int PublishKeep { get; init; }
    /// <summary>The check a new tree passes before it is published, an argv template.</summary>
    public required Option<Seq<string>> VerifyCommand { get; init; }

    /// <summary>The reconcile loop (<c>POLL_SECONDS</c>, <c>POLL</c>, <c>POLL_CONCURRENCY</c>).</summary>
    public required ReconcileLoop.Settings Poll { get; init; }

    /// <summary>Commit statuses and notifications; off unless a token or <c>NOTIFY_WEBHOOK_URL</c> is set.</summary>
    public required ReportingSettings Reporting { get; init; }

    /// <summary>The configuration, or every problem at once, each naming its key and its source.</summary>
    public static Validation<ConfigProblem, GitReloadConfig> Parse(SettingValues values)
    {
        // Every key is read, in this order, so that every problem is reported at once and always in the same order.
        var read = new ValueRules(values);
        var repoDir = read.Folder(SettingKeys.RepoDir);
        var threads = read.PositiveWhole(SettingKeys.NumThreads);
        var minutes = read.Number(SettingKeys.SubprocessTimeoutMinutes, v => v > 0 && v < 1e6, "a positive number of minutes");
        var bytes = read.PositiveLong(SettingKeys.MaxPayloadBytes, "a positive number of bytes");
        var attempts = read.PositiveWhole(SettingKeys.MaxAttempts);
        var git = read.Number(SettingKeys.GitTimeoutSeconds, v => v > 0 && v < 1e8, "a positive number of seconds");
        var command = read.Argv(SettingKeys.ImportCommand);

        var verify = read.Argv(SettingKeys.VerifyCommand);
        var publish = SettingRules.Publish(read);
        var publishKeep = read.PositiveWhole(SettingKeys.PublishKeep);

        var repoSecrets = SettingRules.RepoSecrets(read);
        var hookSecret = read.GuardingSecret(SettingKeys.HookSecret, "deliveries are to need no signature");
        var adminToken = read.Secret(SettingKeys.AdminToken);
        var routes = SettingRules.Routes(read);
        SettingRules.NoBlankTokens(read);

        var keep = read.PositiveWhole(SettingKeys.MaxFinishedJobsPerRepo);
        var quiet = read.Number(SettingKeys.FollowUpQuietSeconds, v => v >= 0 && v < 3600, "a number of seconds, 0 or more");
        var grace = read.Number(SettingKeys.ShutdownGraceSeconds, v => v >= 0 && v < 1e6, "a number of seconds, 0 or more");

        var reporting = ReportingKeys.Read(read);
        var poll = SettingRules.Poll(read);
        var journalUrl = SettingRules.JournalUrl(read);
        var hostId = SettingRules.HostId(read);

        return read.Result(() => new GitReloadConfig
        {
            RepoDir = repoDir,
            VirtualEnv = read.Raw(SettingKeys.VirtualEnv),
            EdxPlatform = read.Raw(SettingKeys.EdxPlatform),
            DjangoSettings = read.Raw(SettingKeys.DjangoSettings),
            LmsCfg = read.Raw(SettingKeys.LmsCfg),
            RevisionCfg = read.Raw(SettingKeys.RevisionCfg),
            ImportTimeout = TimeSpan.FromMinutes(minutes),
            ImportCommand = command,
            NumThreads = threads,
            MaxPayloadBytes = bytes,
            HookSecret = hookSecret,
            RepoSecrets = repoSecrets,
            AdminToken = adminToken,
            Routes = routes,
            StateDir = read.Given(SettingKeys.StateDir),
            JournalUrl = journalUrl,
            HostId = hostId.Match(Some: id => id, None: () => throw new UnreachableException("a host id that did not parse is a noted problem")),
            MaxFinishedJobsPerRepo = keep,
            ShutdownGrace = TimeSpan.FromSeconds(grace),
            FollowUpQuiet = TimeSpan.FromSeconds(quiet),
            MaxAttempts = attempts,
            GitTimeout = TimeSpan.FromSeconds(git),
            Publish = publish,
            PublishKeep = publishKeep,
            VerifyCommand = verify,
            Poll = poll,
            Reporting = reporting,
        });
    }
}
