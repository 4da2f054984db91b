using System.Text.RegularExpressions;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>
/// Why a fetch over SSH failed, from what its own ssh said and how it exited: a rejected key or an
/// unknown host key (permanent) from an unreachable host (transient). libgit2 alone only knows the
/// stream ended.
/// </summary>
internal static partial class SshDiagnosis
{
    /// <summary>What ssh said, and what it means.</summary>
    public sealed record Verdict(string Hint, bool Transient, string Said);

    public static Verdict Of(SshRun run) => run.Said switch
    {
        // A shell names a command it cannot run by its $0, which is the command itself (as git runs it).
        var said when run.ExitCode == 127 && said.Split('\n').Any(line => line.StartsWith($"{run.Program}: ", StringComparison.Ordinal)) =>
            new($"the SSH command cannot be run ({run.Command}); check GIT_SSH_COMMAND, core.sshCommand or GIT_SSH", false, said),
        // What ssh says of the key file on this side comes first: origin then refuses the connection too, for want of a key.
        var said when KeyFile(said, LoadKey(), "Permission denied") is { } key =>
            new($"the service user cannot read its SSH key file {key}; make the service user the key's owner, mode 600", false, said),
        var said when KeyFile(said, TooOpen()) is { } key =>
            new($"ssh would not use the SSH key {key}: other users may read its file; make it mode 600, owned by the service user", false, said),
        var said when KeyFile(said, NotAccessible()) is { } key =>
            new($"the SSH key file {key} named by core.sshCommand (or the ssh config) cannot be found", false, said),
        var said when KeyFile(said, LoadKey(), "invalid format", "error in libcrypto") is { } key =>
            new($"the SSH key file {key} is not a private key ssh can read", false, said),
        var said when Says(said, "Permission denied", "Too many authentication failures") =>
            new("origin refused this service's SSH key; add the key to the repository (deploy key) or fix core.sshCommand", false, said),
        var said when Says(said, "Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED") =>
            new("origin's SSH host key is unknown or changed; add it to the service user's known_hosts", false, said),
        var said when Says(said, "does not appear to be a git repository", "Repository not found", "not found", "No such file or directory") =>
            new("origin's repository was not found over SSH; check that it still exists at that URL", false, said),
        var said => new("origin could not be reached over SSH", true, said),
    };

    private static bool Says(string text, params string[] fragments) =>
        fragments.Any(fragment => text.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    // The key file a line of ssh's names, in ssh's own words (matched by the pattern), when the line also says one of the fragments.
    private static string? KeyFile(string text, Regex line, params string[] fragments) =>
        text.Split('\n').Select(l => (Line: l, Match: line.Match(l))).FirstOrDefault(l => l.Match.Success && (fragments.Length == 0 || Says(l.Line, fragments))).Match?.Groups["key"].Value;

    [GeneratedRegex("""Load key "(?<key>[^"]+)": """)]
    private static partial Regex LoadKey();

    [GeneratedRegex("""Permissions \d+ for '(?<key>[^']+)' are too open""")]
    private static partial Regex TooOpen();

    [GeneratedRegex("""Identity file (?<key>.+) not accessible""")]
    private static partial Regex NotAccessible();
}
