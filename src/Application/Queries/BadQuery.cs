using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Application.Queries;

/// <summary>
/// Why the filters of a read (<c>GET /jobs</c>, the dashboard) are not understood; answered with
/// 400 and <see cref="Error.Message"/>. An <see cref="Error"/> with code <see cref="Code400"/>,
/// so it travels in <c>Either&lt;Error, _&gt;</c> beside the journal's own failures.
/// </summary>
public abstract record BadQuery : Expected
{
    /// <summary>The code every case carries: HTTP's 400.</summary>
    public const int Code400 = 400;

    private BadQuery(string message) : base(message, Code400, default) { }

    /// <summary>A parameter the read does not take (a typo would otherwise widen the answer silently).</summary>
    /// <param name="Name">The parameter as sent, control characters shown as <c>?</c>.</param>
    /// <param name="Line">What to tell the caller.</param>
    public sealed record UnknownParameter(string Name, string Line) : BadQuery(Line);

    /// <summary>A parameter the read takes, with a value it cannot use.</summary>
    /// <param name="Parameter">The parameter's name.</param>
    /// <param name="Line">What to tell the caller.</param>
    public sealed record BadValue(string Parameter, string Line) : BadQuery(Line);

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<UnknownParameter, T> unknownParameter, Func<BadValue, T> badValue) => this switch
    {
        UnknownParameter u => unknownParameter(u),
        BadValue b => badValue(b),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
