using GitReload.Adapters.Journal;
using LanguageExt;

namespace GitReload.Adapters.Sqlite;

/// <summary>The embedded job journal: <see cref="SqlJournal"/> over <c>STATE_DIR/journal.db</c>.</summary>
public static class SqliteJournal
{
    /// <summary>Opens the journal in <paramref name="stateDir"/>, or says in one line why it cannot be used.</summary>
    public static Either<JournalUnusable, SqlJournal> Open(string stateDir, TimeProvider clock, int maxFinishedPerRepo) =>
        SqliteStore.Open(stateDir).Map(store => new SqlJournal(store, clock, maxFinishedPerRepo));
}
