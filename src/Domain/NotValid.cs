using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Domain;

/// <summary>
/// Why a value the domain parses from outside (a payload, a setting) is not one it accepts; the
/// message is the line shown to whoever sent it. Travels as the <see cref="Error"/> of the parsers'
/// <c>Either&lt;Error, _&gt;</c>.
/// </summary>
public abstract record NotValid : Expected
{
    private NotValid(string message) : base(message, 0, default) { }

    /// <summary>Not one plain folder name under <c>REPODIR</c> (see <see cref="Hooks.RepoName"/>).</summary>
    public sealed record NotARepoName() : NotValid("Repository name not valid");

    /// <summary>Not a host id (see <see cref="Fleet.HostId"/>).</summary>
    public sealed record NotAHostId() : NotValid($"HOST_ID must be 1 to {Fleet.HostId.MaxLength} printable characters without spaces");

    /// <summary>A <c>POLL</c> entry whose value is neither <c>update</c> nor <c>import</c>.</summary>
    /// <param name="Name">The entry's checkout name.</param>
    /// <param name="Value">The value given.</param>
    public sealed record NotAPollAction(string Name, string? Value) : NotValid($"POLL must map each checkout to update or import, got '{Value}' for '{Name}'");

    /// <summary>A <c>POLL</c> entry whose name is neither a checkout's folder name nor <c>"*"</c>.</summary>
    /// <param name="Name">The entry's name.</param>
    public sealed record NotAPollName(string Name) : NotValid($"POLL names '{Name}', which is not a checkout's folder name (or \"*\")");

    /// <summary><c>PUBLISH</c> entries that do not make a policy, one problem a line.</summary>
    /// <param name="Problems">Each problem, in the order of the entries.</param>
    public sealed record NotAPublishPolicy(LanguageExt.Seq<string> Problems) : NotValid(string.Join("\n", Problems));

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<NotARepoName, T> notARepoName, Func<NotAHostId, T> notAHostId, Func<NotAPollAction, T> notAPollAction,
        Func<NotAPollName, T> notAPollName, Func<NotAPublishPolicy, T> notAPublishPolicy) => this switch
    {
        NotARepoName r => notARepoName(r),
        NotAHostId h => notAHostId(h),
        NotAPollAction a => notAPollAction(a),
        NotAPollName n => notAPollName(n),
        NotAPublishPolicy p => notAPublishPolicy(p),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
