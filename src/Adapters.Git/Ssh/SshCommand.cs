using System.Diagnostics;
using System.Text.RegularExpressions;
using GitReload.Application.Secrets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>
/// The ssh command a fetch runs, built as git 2.x builds it (connect.c): the command in
/// <c>$GIT_SSH_COMMAND</c>, else the checkout's <c>core.sshCommand</c>, both run through
/// <c>sh -c '&lt;command&gt; "$@"'</c>; else the program in <c>$GIT_SSH</c>, else <c>ssh</c>; then
/// <c>-p PORT</c> only when the URL names a port, so that a <c>Port</c> in the user's ssh config
/// applies, <c>[user@]host</c>, and <c>git-upload-pack 'PATH'</c>. OpenSSH's arguments only
/// (git's <c>ssh.variant=ssh</c>). Pinned by <c>LibGit2CheckoutsSshTests</c>, against a real sshd
/// whose port only an ssh config file names, the way a clone with the git CLI reaches it.
/// </summary>
internal sealed partial record SshCommand(string Program, bool ThroughShell, IReadOnlyList<string> Arguments)
{
    // What git removes from the environment of a command it runs for another repository (local_repo_env).
    private static readonly string[] RepositoryVariables =
    [
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_OBJECT_DIRECTORY",
        "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE", "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS",
        "GIT_REPLACE_REF_BASE", "GIT_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR",
    ];

    /// <summary>The command for <paramref name="service"/> (<c>git-upload-pack</c>) at <paramref name="url"/>; why not, when the URL is no ssh URL or is unsafe.</summary>
    public static Either<SshUrlRefused, SshCommand> For(string url, string service, Option<string> coreSshCommand)
    {
        if (Target(url) is not { } target) return new SshUrlRefused.NotSsh(url);
        var (userHost, port, path) = target;
        // As git: a host or path that ssh would take for an option is refused.
        if (userHost.StartsWith('-')) return new SshUrlRefused.HostLikeAnOption(url);
        if (path.StartsWith('-')) return new SshUrlRefused.PathLikeAnOption(url);
        var fromEnvironment = Optional(Environment.GetEnvironmentVariable("GIT_SSH_COMMAND")).Filter(c => c.Length > 0);
        var (program, shell) = fromEnvironment.Match(
            Some: command => (command, true),
            None: () => coreSshCommand.Filter(c => c.Length > 0).Match(
                Some: command => (command, true),
                None: () => (Optional(Environment.GetEnvironmentVariable("GIT_SSH")).Filter(p => p.Length > 0).IfNone("ssh"), false)));
        var arguments = new List<string>();
        if (port is not null) arguments.AddRange(["-p", port]);
        arguments.Add(userHost);
        arguments.Add($"{service} {Quoted(path)}");
        return new SshCommand(program, shell, arguments);
    }

    /// <summary>How to start it: a command through <c>sh -c</c> with the arguments as <c>"$@"</c>, as git runs it; without GitReload's secrets in its environment.</summary>
    public ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(ThroughShell ? "/bin/sh" : Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ThroughShell)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{Program} \"$@\"");
            start.ArgumentList.Add(Program);
        }
        foreach (var argument in Arguments) start.ArgumentList.Add(argument);
        foreach (var variable in RepositoryVariables) start.Environment.Remove(variable);
        foreach (var variable in SecretSettings.In(start.Environment.Keys).ToList()) start.Environment.Remove(variable);
        return start;
    }

    /// <summary>The command as a shell would show it, for a person.</summary>
    public override string ToString() => string.Join(' ', new[] { Program }.Concat(Arguments.Select(a => a.Contains(' ') ? Quoted(a) : a)));

    // git's sq_quote_buf: single quotes, with ' and ! taken out of them.
    private static string Quoted(string text) => "'" + text.Replace("'", @"'\''", StringComparison.Ordinal).Replace("!", @"'\!'", StringComparison.Ordinal) + "'";

    /// <summary><c>user@host</c>, port and path of an ssh:// or scp-like URL, as git reads them; null for any other URL.</summary>
    private static (string UserHost, string? Port, string Path)? Target(string url)
    {
        var full = SshUrl().Match(url);
        if (full.Success)
        {
            var path = full.Groups["path"].Value;
            // ssh://host/~user/path names a path relative to a home folder, as in git.
            return (Unbracketed(full.Groups["user"].Value, full.Groups["host"].Value), full.Groups["port"].Success ? full.Groups["port"].Value : null,
                path.StartsWith("/~", StringComparison.Ordinal) ? path[1..] : path);
        }
        if (url.Contains("://", StringComparison.Ordinal)) return null;
        var scp = ScpUrl().Match(url);
        return scp.Success ? (Unbracketed(scp.Groups["user"].Value, scp.Groups["host"].Value), null, scp.Groups["path"].Value) : null;
    }

    // ssh takes an IPv6 address without its brackets.
    private static string Unbracketed(string user, string host) => user + (host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host);

    [GeneratedRegex(@"^(?:ssh|git\+ssh|ssh\+git)://(?<user>[^@/]+@)?(?<host>\[[^\]]+\]|[^:/]+)(?::(?<port>\d+))?(?<path>/.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SshUrl();

    [GeneratedRegex(@"^(?<user>[^@/:]+@)?(?<host>\[[^\]]+\]|[^:/\[]+):(?<path>.+)$")]
    private static partial Regex ScpUrl();
}
