using GitReload.Application.Ports;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Edx.Tests;

internal static class Some
{
    public static readonly RepoName Repo = RepoName.Parse("demo-course").Match(
        Right: name => name,
        Left: error => throw new InvalidOperationException(error.Message));

    public static readonly CourseImport Import = new(Repo, "https://github.com/example/demo-course.git", "devel");

    public const string DjangoSettings = "aws";
    public const string LmsCfg = "/edx/etc/lms.yml";
    public const string RevisionCfg = "/edx/etc/revisions.yml";

    public static readonly TimeSpan AmpleTime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ShortLimit = TimeSpan.FromSeconds(1.5);

    /// <summary>Records its argv ($0 first), working directory and environment, prints a line, exits 0.</summary>
    public const string RecordingScript = """
        printf '%s\n' "$0" "$@" > "$REC/argv"
        pwd -P > "$REC/cwd"
        printf '%s\n' "SERVICE_VARIANT=$SERVICE_VARIANT" "LMS_CFG=$LMS_CFG" "REVISION_CFG=$REVISION_CFG" "PATH=$PATH" "HOME=$HOME" > "$REC/env"
        echo imported
        """;

    /// <summary>
    /// Starts a long sleep in the background, records both PIDs, prints a line and waits. The
    /// child does not hold the output pipes, so a kill that spares it cannot hang the import
    /// and shows up as a survivor instead.
    /// </summary>
    public const string HangingScriptWithChild = """
        sleep 300 > /dev/null 2>&1 &
        echo $! > "$REC/child.pid"
        echo $$ > "$REC/script.pid"
        echo "importing, child started"
        wait
        """;
}
