using GitReload.Adapters.Journal;
using LanguageExt;

namespace GitReload.Adapters.Postgres;

/// <summary>The fleet job journal: <see cref="SqlJournal"/> over one PostgreSQL database.</summary>
public static class PostgresJournal
{
    /// <summary>Connects to <paramref name="url"/> and brings its schema up to date, or says in one line why it cannot.</summary>
    public static async Task<Either<JournalUnusable, SqlJournal>> Open(JournalUrl url, TimeProvider clock, int maxFinishedPerRepo, CancellationToken cancellationToken) =>
        (await PostgresStore.Open(url, cancellationToken)).Map(store => new SqlJournal(store, clock, maxFinishedPerRepo));
}
