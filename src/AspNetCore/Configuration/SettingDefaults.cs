using GitReload.Adapters.Git.Checkouts;
using GitReload.Domain.Jobs;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// The one place each setting's default is written, typed. <see cref="SettingKeys.Defaults"/> (what the host and
/// every parse read when no source gives a key) and <see cref="GitReloadOptions"/>' initial values are both
/// derived from here, and a default that a rule of its own owns is taken from that rule
/// (<see cref="RetryPolicy.Default"/>, <see cref="GitCheckoutSettings"/>), so changing the rule changes what runs.
/// </summary>
public static class SettingDefaults
{
    /// <summary><c>REPODIR</c>.</summary>
    public const string RepoDir = "/mnt/data/repos";
    /// <summary><c>VIRTUAL_ENV</c>.</summary>
    public const string VirtualEnv = "/edx/app/edxapp/venvs/edxapp";
    /// <summary><c>EDX_PLATFORM</c>.</summary>
    public const string EdxPlatform = "/edx/app/edxapp/edx-platform";
    /// <summary><c>DJANGO_SETTINGS</c>.</summary>
    public const string DjangoSettings = "aws";
    /// <summary><c>LMS_CFG</c>.</summary>
    public const string LmsCfg = "/edx/etc/lms.yml";
    /// <summary><c>REVISION_CFG</c>.</summary>
    public const string RevisionCfg = "/edx/etc/revisions.yml";
    /// <summary><c>SUBPROCESS_TIMEOUT_MINUTES</c>.</summary>
    public const double SubprocessTimeoutMinutes = 60;
    /// <summary><c>NUM_THREADS</c>.</summary>
    public const int NumThreads = 1;
    /// <summary><c>MAX_PAYLOAD_BYTES</c>: 25 MiB.</summary>
    public const long MaxPayloadBytes = 26214400;
    /// <summary><c>MAX_ATTEMPTS</c>: the domain's retry rule.</summary>
    public static int MaxAttempts => RetryPolicy.Default.MaxAttempts;
    /// <summary><c>GIT_TIMEOUT_SECONDS</c>: the git adapter's step timeout.</summary>
    public static double GitTimeoutSeconds => GitCheckoutSettings.DefaultStepTimeout.TotalSeconds;
    /// <summary><c>MAX_FINISHED_JOBS_PER_REPO</c>.</summary>
    public const int MaxFinishedJobsPerRepo = 1000;
    /// <summary><c>SHUTDOWN_GRACE_SECONDS</c>.</summary>
    public const double ShutdownGraceSeconds = 30;
    /// <summary><c>FOLLOW_UP_QUIET_SECONDS</c>.</summary>
    public const double FollowUpQuietSeconds = 1;
    /// <summary><c>PUBLISH_KEEP</c>: the git adapter's.</summary>
    public const int PublishKeep = GitCheckoutSettings.DefaultPublishKeep;
    /// <summary><c>POLL_SECONDS</c>: 0, the reconcile loop off.</summary>
    public const double PollSeconds = 0;
    /// <summary><c>POLL_CONCURRENCY</c>.</summary>
    public const int PollConcurrency = 4;
}
