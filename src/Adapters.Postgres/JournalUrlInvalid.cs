using System.Diagnostics;
using LanguageExt.Common;

namespace GitReload.Adapters.Postgres;

/// <summary>Why a <c>JOURNAL_URL</c> names no PostgreSQL journal; each case carries the line that says so.</summary>
public abstract record JournalUrlInvalid : Expected
{
    private JournalUrlInvalid(string message) : base(message, 0, default) { }

    /// <summary>Neither a <c>postgresql://</c> URL nor an Npgsql key=value string: <paramref name="Why"/> names the part that could not be read, never its text.</summary>
    public sealed record Unreadable(string Why) : JournalUrlInvalid(Why);

    /// <summary>No server to connect to.</summary>
    public sealed record NoHost() : JournalUrlInvalid("JOURNAL_URL names no host");

    /// <summary>No database on the server.</summary>
    public sealed record NoDatabase() : JournalUrlInvalid("JOURNAL_URL names no database");

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Unreadable, T> unreadable, Func<NoHost, T> noHost, Func<NoDatabase, T> noDatabase) => this switch
    {
        Unreadable u => unreadable(u),
        NoHost h => noHost(h),
        NoDatabase d => noDatabase(d),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
