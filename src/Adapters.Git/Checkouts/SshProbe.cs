using System.Diagnostics;
using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Says why a fetch over SSH failed. libgit2 runs the system <c>ssh</c> (the program in
/// <c>$GIT_SSH</c>, else <c>core.sshCommand</c>, else <c>ssh</c>, with <c>-p PORT user@host
/// "git-upload-pack 'PATH'"</c>), lets its messages go to this process's stderr and reports every
/// failure as "could not read refs from remote repository". To tell a rejected key (permanent)
/// from an unreachable host (transient), the same command runs once more here with its stderr
/// captured and standard input closed, so that on success it only lists origin's refs.
/// </summary>
internal static partial class SshProbe
{
    /// <summary>What ssh said, and what it means.</summary>
    public sealed record Verdict(string Hint, bool Transient, string Said);

    public static bool Applies(LibGit2SharpException error, string url) =>
        error.Message.Contains("could not read refs", StringComparison.OrdinalIgnoreCase) && Target(url) is not null;

    public static TimeSpan Limit(TimeSpan stepTimeout) => stepTimeout < TimeSpan.FromSeconds(20) ? stepTimeout : TimeSpan.FromSeconds(20);

    public static Verdict Run(Repository repo, string url, TimeSpan limit)
    {
        var (userHost, port, path) = Target(url)!.Value;
        var program = Environment.GetEnvironmentVariable("GIT_SSH") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : repo.Config.Get<string>("core.sshCommand")?.Value ?? "ssh";
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (port is not null) { start.ArgumentList.Add("-p"); start.ArgumentList.Add(port); }
        start.ArgumentList.Add(userHost);
        start.ArgumentList.Add($"git-upload-pack '{path.Replace("'", @"'\''", StringComparison.Ordinal)}'");
        start.Environment.Remove("GIT_DIR");
        try
        {
            using var ssh = Process.Start(start)!;
            ssh.StandardInput.Close();
            var said = ssh.StandardError.ReadToEndAsync();
            _ = ssh.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            if (!ssh.WaitForExit(limit))
            {
                ssh.Kill(entireProcessTree: true);
                return new Verdict($"origin did not answer over SSH within {limit.TotalSeconds:0.#} s", true, "");
            }
            return Classify(ssh.ExitCode, said.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Verdict($"the SSH program '{program}' cannot be run ({e.Message}); check core.sshCommand or GIT_SSH", false, "");
        }
    }

    private static Verdict Classify(int exitCode, string said) => said switch
    {
        _ when Says(said, "Permission denied", "Too many authentication failures") =>
            new("origin refused this service's SSH key; add the key to the repository (deploy key) or fix core.sshCommand", false, said),
        _ when Says(said, "Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED") =>
            new("origin's SSH host key is unknown or changed; add it to the service user's known_hosts", false, said),
        _ when Says(said, "does not appear to be a git repository", "Repository not found", "not found", "No such file or directory") =>
            new("origin's repository was not found over SSH; check that it still exists at that URL", false, said),
        _ when exitCode == 0 => new("the fetch failed, though origin answers over SSH now", true, said),
        _ => new("origin could not be reached over SSH", true, said),
    };

    private static bool Says(string text, params string[] fragments) =>
        fragments.Any(fragment => text.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>user@host</c>, port and path of an ssh:// or scp-like URL; null for any other URL.</summary>
    private static (string UserHost, string? Port, string Path)? Target(string url)
    {
        var full = SshUrl().Match(url);
        if (full.Success)
            return (full.Groups["userhost"].Value, full.Groups["port"].Success ? full.Groups["port"].Value : null, full.Groups["path"].Value);
        var scp = ScpUrl().Match(url);
        return scp.Success && !url.Contains("://", StringComparison.Ordinal) ? (scp.Groups["userhost"].Value, null, scp.Groups["path"].Value) : null;
    }

    [GeneratedRegex(@"^(?:ssh|git\+ssh|ssh\+git)://(?<userhost>(?:[^@/]+@)?(?:\[[^\]]+\]|[^:/]+))(?::(?<port>\d+))?(?<path>/.*)$")]
    private static partial Regex SshUrl();

    [GeneratedRegex(@"^(?<userhost>(?:[^@/:]+@)?[^:/]+):(?<path>.+)$")]
    private static partial Regex ScpUrl();
}
