using GitReload.Adapters.Journal;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Data.Sqlite;

namespace GitReload.Adapters.Sqlite.Tests;

/// <summary>The SQLite store, counting the virtual machine instructions its reads run (a progress handler called every <see cref="Every"/>).</summary>
internal sealed class CountingStore(SqliteStore inner) : ISqlStore
{
    private const int Every = 10;

    private long calls;

    /// <summary>About how many instructions the reads ran so far.</summary>
    public long Steps => Interlocked.Read(ref calls) * Every;

    public string Name => inner.Name;

    public bool SingleHost => inner.SingleHost;

    public SqlDialect Dialect => inner.Dialect;

    public Task<Either<Error, T>> Write<T>(Func<SqlTx, Task<T>> change, CancellationToken cancellationToken) => inner.Write(change, cancellationToken);

    public Task<Either<Error, T>> Read<T>(Func<SqlTx, Task<T>> read, CancellationToken cancellationToken) => inner.Read(async tx =>
    {
        var handle = ((SqliteConnection)tx.Connection).Handle;
        SQLitePCL.raw.sqlite3_progress_handler(handle, Every, _ => { Interlocked.Increment(ref calls); return 0; }, null);
        try
        {
            return await read(tx);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_progress_handler(handle, 0, null, null);
        }
    }, cancellationToken);

    public void Subscribe(Action changed) => inner.Subscribe(changed);

    public Task<Either<Error, Unit>> HoldHost(string host, CancellationToken cancellationToken) => inner.HoldHost(host, cancellationToken);

    public Task<Either<Error, Unit>> CheckHealth(CancellationToken cancellationToken) => inner.CheckHealth(cancellationToken);

    public void Dispose() => inner.Dispose();
}
