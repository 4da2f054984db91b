using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>Why no ssh command is built for a URL, as git refuses it (connect.c); the message names the URL.</summary>
internal abstract record SshUrlRefused : Expected
{
    private SshUrlRefused(string message) : base(message, 0, default) { }

    /// <summary>Neither <c>ssh://</c> (or its <c>git+ssh</c> spellings) nor scp-like <c>host:path</c>.</summary>
    public sealed record NotSsh(string Url) : SshUrlRefused($"'{Url}' is not an ssh URL");

    /// <summary>A host that ssh would read as an option (<c>-oProxyCommand=…</c>).</summary>
    public sealed record HostLikeAnOption(string Url) : SshUrlRefused($"the host of '{Url}' begins with '-'");

    /// <summary>A path that the remote shell would read as an option.</summary>
    public sealed record PathLikeAnOption(string Url) : SshUrlRefused($"the path of '{Url}' begins with '-'");

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<NotSsh, T> notSsh, Func<HostLikeAnOption, T> hostLikeAnOption, Func<PathLikeAnOption, T> pathLikeAnOption) => this switch
    {
        NotSsh n => notSsh(n),
        HostLikeAnOption h => hostLikeAnOption(h),
        PathLikeAnOption p => pathLikeAnOption(p),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
