using System.Data.Common;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

/// <summary>
/// A journal's database: transactions on it, and what differs between SQLite and PostgreSQL.
/// Every exception the database raises inside <see cref="Write"/> or <see cref="Read"/> comes back
/// as an <see cref="Error"/> naming the journal; nothing else escapes.
/// </summary>
public interface ISqlStore : IDisposable
{
    /// <summary>How errors name the journal: <c>job journal /var/lib/gitreload/journal.db</c>, <c>job journal at db.example.edu:5432/gitreload</c>.</summary>
    string Name { get; }

    /// <summary>True when one host has the journal to itself (SQLite): no other host can change it.</summary>
    bool SingleHost { get; }

    /// <summary>The SQL that differs.</summary>
    SqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="change"/> in a write transaction and commits it: made durable before returning unless the change said it <see cref="SqlTx.NeedsNoFsync"/>.</summary>
    Task<Either<Error, T>> Write<T>(Func<SqlTx, Task<T>> change, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="read"/> on a consistent view of the journal.</summary>
    Task<Either<Error, T>> Read<T>(Func<SqlTx, Task<T>> read, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="changed"/> when another process committed a change worth a look (PostgreSQL's notifications).</summary>
    void Subscribe(Action changed);

    /// <summary>Makes sure no other live process runs as <paramref name="host"/> on this journal, and keeps it so while this one lives; or says which holds it.</summary>
    Task<Either<Error, Unit>> HoldHost(string host, CancellationToken cancellationToken);

    /// <summary>What the store knows is wrong besides a failing write (the file replaced under it, the server gone), if anything.</summary>
    Task<Either<Error, Unit>> CheckHealth(CancellationToken cancellationToken);
}

/// <summary>The SQL that differs between the journals.</summary>
public abstract class SqlDialect
{
    /// <summary>A time as a parameter value.</summary>
    public abstract object Time(DateTimeOffset time);

    /// <summary>A time read from <paramref name="column"/>.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader rows, int column);

    /// <summary>Holds the lock of <paramref name="repo"/>'s queue until the transaction ends: offers and claims of one checkout wait for each other.</summary>
    public Task LockRepo(SqlTx tx, string repo) => tx.Batch(RepoLock(repo).ToList());

    /// <summary>The statement that <see cref="LockRepo"/> runs, to be sent in a batch with others; none where no lock is needed.</summary>
    public abstract LanguageExt.Option<SqlStatement> RepoLock(string repo);

    /// <summary>The statement that <see cref="Notify"/> runs, to be sent in a batch with others; none where no other host listens.</summary>
    public abstract LanguageExt.Option<SqlStatement> Notification { get; }

    /// <summary>Holds job <paramref name="job"/>'s row until the transaction ends: two hosts ending their targets of one job take turns.</summary>
    public Task LockJob(SqlTx tx, long job) => tx.Batch(JobLock(job));

    /// <summary>The statements that <see cref="LockJob"/> runs, to be sent in a batch with others; none where no lock is needed.</summary>
    public abstract IReadOnlyList<SqlStatement> JobLock(long job);

    /// <summary>What ends a SELECT of rows that only one host may take: the rows another transaction holds are skipped.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>A LIMIT that keeps every row, for an OFFSET alone.</summary>
    public abstract string NoLimit { get; }

    /// <summary>What follows a text in ORDER BY to sort it by code point, as <see cref="StringComparer.Ordinal"/> does.</summary>
    public abstract string Ordinal { get; }

    /// <summary>Tells the other hosts, once the transaction commits, that work was queued or ended.</summary>
    public abstract Task Notify(SqlTx tx);

    /// <summary>A condition: the text <paramref name="text"/> holds the text <paramref name="part"/> (both SQL expressions), with no wildcard.</summary>
    public abstract string Contains(string text, string part);

    /// <summary>What ends a SELECT whose rows the transaction holds until it ends; nothing where one transaction writes at a time.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// A statement that holds the version row of <paramref name="repo"/>'s board until the transaction
    /// ends and stops the transaction (<see cref="IsStaleBoard"/>) unless the version is still
    /// <paramref name="version"/>: the statements sent with it after it run only on the board they were decided on.
    /// </summary>
    public abstract SqlStatement ExpectBoard(string repo, long version);

    /// <summary>True when <paramref name="error"/> is <see cref="ExpectBoard"/> saying the board changed: the transaction is to be rolled back.</summary>
    public abstract bool IsStaleBoard(Exception error);

    /// <summary>True when <paramref name="error"/> is a unique constraint refusing a row.</summary>
    public abstract bool IsUniqueViolation(DbException error);

    /// <summary>The time read from <paramref name="column"/>, if it is not null.</summary>
    public LanguageExt.Option<DateTimeOffset> ReadOptionalTime(DbDataReader rows, int column) =>
        rows.IsDBNull(column) ? LanguageExt.Option<DateTimeOffset>.None : ReadTime(rows, column);
}
