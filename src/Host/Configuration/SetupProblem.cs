using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Host.Configuration;

/// <summary>
/// Why this machine cannot give the service what its configuration asks for, found before it runs
/// (<c>check-config</c> and the start): the message is the line shown after the key's name.
/// </summary>
public abstract record SetupProblem : Expected
{
    private SetupProblem(string message) : base(message, 0, default) { }

    /// <summary>A folder or file the service must write (or create) and cannot.</summary>
    public sealed record NotWritable(string Line) : SetupProblem(Line);

    /// <summary>The program a command starts is not there, is a folder, or is not executable.</summary>
    public sealed record ProgramMissing(string Line) : SetupProblem(Line);

    /// <summary>The SQLite journal is there and the service could not use it.</summary>
    public sealed record JournalUnreadable(string Line) : SetupProblem(Line);

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<NotWritable, T> notWritable, Func<ProgramMissing, T> programMissing, Func<JournalUnreadable, T> journalUnreadable) => this switch
    {
        NotWritable w => notWritable(w),
        ProgramMissing p => programMissing(p),
        JournalUnreadable j => journalUnreadable(j),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
