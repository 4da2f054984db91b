using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>
/// One fetch's dealings with ssh: what the transport needs that libgit2 does not pass it (the
/// checkout's <c>core.sshCommand</c>, the step's time limit), and what each ssh run said, to tell
/// afterwards why a fetch failed. libgit2 calls the transport on the thread that fetches, so the
/// session is that thread's for as long as it is open.
/// </summary>
internal sealed class SshSession : IDisposable
{
    [ThreadStatic]
    private static SshSession? current;

    private readonly SshSession? outer;
    private readonly List<SshRun> runs = [];

    private SshSession(Option<string> coreSshCommand, CancellationToken limit, Action<string> said, SshSession? outer) =>
        (CoreSshCommand, Limit, Say, this.outer) = (coreSshCommand, limit, said, outer);

    /// <summary>The session of this thread's fetch; outside one (another user of LibGit2Sharp in this process), one with no repository setting.</summary>
    public static SshSession Current => current ?? new SshSession(None, CancellationToken.None, _ => { }, null);

    /// <summary>Told each line ssh writes on stderr, as it comes (the service logs it).</summary>
    public Action<string> Say { get; }

    public Option<string> CoreSshCommand { get; }

    /// <summary>Past it, the ssh of the fetch is ended, and with it the fetch.</summary>
    public CancellationToken Limit { get; }

    /// <summary>The last ssh run of this fetch, once it ended.</summary>
    public Option<SshRun> LastRun => runs.Count == 0 ? None : Some(runs[^1]);

    /// <summary>Opens the session of a fetch on this thread; disposing it closes it.</summary>
    public static SshSession Open(Option<string> coreSshCommand, CancellationToken limit, Action<string> said) =>
        current = new SshSession(coreSshCommand, limit, said, current);

    public void Ended(SshRun run) => runs.Add(run);

    public void Dispose() => current = outer;
}

/// <summary>
/// How one ssh run ended: the command, its program (as a shell running it names it in its own
/// errors), whether it ended by itself rather than once the fetch was done with it, its exit code
/// and what it said on stderr.
/// </summary>
internal sealed record SshRun(string Command, string Program, bool EndedByItself, int ExitCode, string Said)
{
    /// <summary>A run that could not start at all.</summary>
    public static SshRun NotStarted(SshCommand command, string why) => new(command.ToString(), command.Program, true, 127, why);

    /// <summary>Whether the fetch failed because of ssh: it ended by itself before the fetch was done, and not well.</summary>
    public bool Failed => EndedByItself && ExitCode != 0;
}
