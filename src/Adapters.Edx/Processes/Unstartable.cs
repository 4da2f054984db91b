using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Adapters.Edx.Processes;

/// <summary>
/// Why a command's program cannot be started, told as the system would (run through a shell, a
/// missing program would only show as exit code 127); the message is the job's failure reason.
/// </summary>
internal abstract record Unstartable : Expected
{
    private Unstartable(string message) : base(message, 0, default) { }

    /// <summary>A path to a file that is not there.</summary>
    public sealed record NoSuchFile(string File) : Unstartable("No such file or directory");

    /// <summary>A path to a file that may not be executed.</summary>
    public sealed record NotExecutable(string File) : Unstartable("Permission denied");

    /// <summary>A name found in no folder of <c>PATH</c>.</summary>
    public sealed record NotOnPath(string Program) : Unstartable("No such file or directory (not found on PATH)");

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<NoSuchFile, T> noSuchFile, Func<NotExecutable, T> notExecutable, Func<NotOnPath, T> notOnPath) => this switch
    {
        NoSuchFile n => noSuchFile(n),
        NotExecutable x => notExecutable(x),
        NotOnPath p => notOnPath(p),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
