using LanguageExt;

namespace GitReload.Adapters.Edx.Processes;

/// <summary>
/// Runs a command so that it dies with GitReload: in a session of its own (<c>setsid</c>), beside a
/// watcher that kills the whole session once GitReload's process is gone. Without it, an import
/// whose GitReload was killed (<c>kill -9</c>, outside systemd's cgroup) runs on, and the import
/// queued again at the restart, or taken by another host of the fleet, runs beside it: two imports
/// of one course at once. The time limit still kills the tree from GitReload's side. A process that
/// leaves the session (<c>setsid</c>) dies too while its parent lives; one whose parent exited first
/// (a daemon's double fork) has left the tree, and only a cgroup (systemd's) ends it.
/// Pinned by <c>An_import_dies_with_the_gitreload_that_started_it</c> and
/// <c>A_process_an_import_moved_to_a_session_of_its_own_dies_with_gitreload_too</c>.
/// </summary>
internal static class TiedToService
{
    // $1 is GitReload's pid; the rest is the command. The watcher polls once a second, its output
    // away from the command's pipes: its last sleep would otherwise hold them open for up to a second
    // after the command ended, and the command would seem to run that much longer. It waits in /, not in
    // the command's folder: its last sleep would otherwise pin a checked tree as in use after the check.
    // Once GitReload is gone it kills the command's descendants as well as the session: one that made a
    // session of its own (setsid) has left the session but is still among them. They are stopped first,
    // so that none starts another between the reading of the tree and the kill.
    private const string Script = """
        service=$1; shift
        "$@" &
        command=$!
        (
          cd / || exit
          while kill -0 "$service" 2>/dev/null; do sleep 1; done
          tree() { for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$child"; done; echo "$1"; }
          kill -STOP $(tree "$command")
          kill -KILL $(tree "$command") 0
        ) </dev/null >/dev/null 2>&1 &
        watcher=$!
        wait "$command"; status=$?
        kill "$watcher" 2>/dev/null
        exit $status
        """;

    private const string Setsid = "/usr/bin/setsid";

    /// <summary>
    /// The argv that runs <paramref name="argv"/> tied to this process, where the system allows (Linux
    /// with setsid); else <paramref name="argv"/> itself. <paramref name="label"/> names the wrapper in
    /// <c>ps</c> (<c>gitreload-import</c>, <c>gitreload-verify</c>).
    /// </summary>
    public static Seq<string> Argv(string label, Seq<string> argv) =>
        OperatingSystem.IsLinux() && File.Exists(Setsid)
            ? Prelude.Seq(Setsid, "--wait", "/bin/sh", "-c", Script, label, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)) + argv
            : argv;

    /// <summary>
    /// Why <paramref name="program"/> cannot be started, if it cannot (run through a shell, a
    /// missing program would only show as exit code 127): a path (from <paramref name="workingDirectory"/>)
    /// that is no executable file, or a name found in no folder of <paramref name="path"/>.
    /// </summary>
    public static Either<Unstartable, Unit> CannotStart(string program, string workingDirectory, string? path)
    {
        if (program.Contains('/'))
        {
            var file = Path.GetFullPath(program, workingDirectory);
            return Executable(file) ? Unit.Default : File.Exists(file) ? new Unstartable.NotExecutable(file) : new Unstartable.NoSuchFile(file);
        }
        var found = (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => Executable(Path.Combine(folder, program)));
        return found ? Unit.Default : new Unstartable.NotOnPath(program);
    }

    private static bool Executable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
