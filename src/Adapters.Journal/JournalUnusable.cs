using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

/// <summary>
/// Why a job journal (SQLite or PostgreSQL) cannot be opened or probed, or (SQLite) written any more, grouped by what the
/// operator does about it; each case carries the one line that says it, naming the file or the
/// server (never a password). An <see cref="Error"/>, so it travels in <c>Either&lt;Error, _&gt;</c> too.
/// </summary>
public abstract record JournalUnusable : Expected
{
    private JournalUnusable(string message) : base(message, 0, default) { }

    /// <summary>Another GitReload process holds it: give each host its own <c>STATE_DIR</c> or <c>HOST_ID</c>.</summary>
    public sealed record InUse(string Line) : JournalUnusable(Line);

    /// <summary>Written by a newer GitReload: run that one.</summary>
    public sealed record NewerSchema(string Line) : JournalUnusable(Line);

    /// <summary>The file is empty, corrupt or cannot be journalled safely: move it away.</summary>
    public sealed record Damaged(string Line) : JournalUnusable(Line);

    /// <summary>It cannot be reached or read: the folder, its permissions, the server or the network.</summary>
    public sealed record Unreachable(string Line) : JournalUnusable(Line);

    /// <summary>The file was moved or deleted while this process writes it: put it back, or restart.</summary>
    public sealed record Moved(string Line) : JournalUnusable(Line);

    /// <summary>A read or write of an open journal failed (a full disk, a lost connection): the line says why.</summary>
    public sealed record Failed(string Line) : JournalUnusable(Line);

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<InUse, T> inUse, Func<NewerSchema, T> newerSchema, Func<Damaged, T> damaged, Func<Unreachable, T> unreachable, Func<Moved, T> moved, Func<Failed, T> failed) => this switch
    {
        InUse u => inUse(u),
        NewerSchema n => newerSchema(n),
        Damaged d => damaged(d),
        Unreachable r => unreachable(r),
        Moved m => moved(m),
        Failed f => failed(f),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
