using GitReload.Adapters.Journal;
using GitReload.Adapters.Postgres;
using GitReload.Adapters.Sqlite;
using GitReload.Domain.Fleet;

namespace GitReload.AspNetCore.Journal;

/// <summary>Which job journal GitReload uses: SQLite in a folder (a host alone), or one PostgreSQL database (a fleet).</summary>
public abstract record JournalChoice
{
    private JournalChoice() { }

    /// <summary><c>STATE_DIR/journal.db</c>.</summary>
    public sealed record Sqlite(string StateDir) : JournalChoice;

    /// <summary>The database at <paramref name="Url"/> (<c>JOURNAL_URL</c>).</summary>
    public sealed record Postgres(JournalUrl Url) : JournalChoice;

    /// <summary>
    /// Opens the journal for <paramref name="host"/> (its PostgreSQL connections carry its name), or throws
    /// <see cref="JournalUnusableException"/> with the one line to show.
    /// </summary>
    public SqlJournal Open(TimeProvider clock, int maxFinishedPerRepo, HostId host) => this switch
    {
        Sqlite s => SqliteJournal.Open(s.StateDir, clock, maxFinishedPerRepo)
            .Match(journal => journal, problem => throw new JournalUnusableException(problem.Message)),
        // Opened once at start, before anything serves: waiting here holds nothing else up.
        Postgres p => PostgresJournal.Open(p.Url.NamedFor(host.Value), clock, maxFinishedPerRepo, CancellationToken.None).GetAwaiter().GetResult()
            .Match(journal => journal, problem => throw new JournalUnusableException(problem.Message)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>How check-config and the start line name it.</summary>
    public override string ToString() => this switch
    {
        Sqlite s => $"SQLite {Path.Combine(Path.GetFullPath(s.StateDir), SqliteStore.FileName)}",
        Postgres p => $"PostgreSQL {p.Url.Masked}",
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>The job journal cannot be opened, read or written; the message says which and why.</summary>
public sealed class JournalUnusableException(string message) : Exception(message);
