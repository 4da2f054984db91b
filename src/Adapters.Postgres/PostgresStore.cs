using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using GitReload.Adapters.Journal;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using Npgsql;

namespace GitReload.Adapters.Postgres;

/// <summary>
/// The fleet journal's database. Each change is one READ COMMITTED transaction on a pooled
/// connection, committed durably unless it said it need not be (<see cref="SqlTx.NeedsNoFsync"/>:
/// then the commit does not wait for the server's WAL flush); reads use one REPEATABLE READ snapshot. One more connection per
/// host, kept open, LISTENs for the other hosts' notifications and holds the host's advisory lock
/// (a second live process with the same <c>HOST_ID</c> cannot take it; a killed one's lock goes
/// with its connection). While the server is away, every call returns an error naming it (never
/// the password), and the listener reconnects by itself.
/// </summary>
public sealed class PostgresStore : ISqlStore, ICommandSource
{
    private static readonly TimeSpan HostLockPatience = TimeSpan.FromSeconds(10);

    // A change that need not reach the disk before it counts: its commit does not wait for the WAL flush.
    private const string RelaxCommit = "SET LOCAL synchronous_commit TO off";

    // The first key of the host's advisory lock ("gRho").
    private const int HostLockClass = 0x6752686F;

    private readonly NpgsqlDataSource source;
    private readonly JournalUrl url;
    private readonly Lock subscribers = new();
    private readonly List<Action> changed = [];
    private readonly CancellationTokenSource stopping = new();
    private Task listening = Task.CompletedTask;
    private string? host;
    // The host's lock, taken by another process while the listener was away; none while it holds it.
    private volatile StrongBox<Option<Error>> lostHost = new(Option<Error>.None);

    // This store's own notifications are not news to it: the host that wrote the change woke its own workers already.
    private readonly PostgresDialect dialect = new(Guid.NewGuid().ToString("N"));

    private PostgresStore(JournalUrl url, NpgsqlDataSource source) => (this.url, this.source) = (url, source);

    /// <inheritdoc />
    public string Name => $"job journal at {url.Server}";

    /// <inheritdoc />
    public bool SingleHost => false;

    /// <inheritdoc />
    public SqlDialect Dialect => dialect;

    /// <summary>Connects, creates or migrates the schema, or says in one line why it cannot (naming host and port, never the password).</summary>
    public static async Task<Either<JournalUnusable, PostgresStore>> Open(JournalUrl url, CancellationToken cancellationToken)
    {
        var source = NpgsqlDataSource.Create(url.ConnectionString);
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            var migrated = await PostgresSchema.Migrate(connection, $"job journal at {url.Server}", cancellationToken);
            foreach (var _ in migrated.LeftToSeq())
                await source.DisposeAsync();
            return migrated.Map(_ => new PostgresStore(url, source));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await source.DisposeAsync();
            return new JournalUnusable.Unreachable($"job journal at {url.Server} {Unusable(e)}: {Reason(e)}");
        }
    }

    /// <summary>
    /// Whether the server at <paramref name="url"/> answers, and how far its schema is, without
    /// changing anything (for <c>check-config</c>); or why not, naming host and port, never the password.
    /// </summary>
    public static async Task<Either<JournalUnusable, string>> Probe(JournalUrl url, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(url.ConnectionString);
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('gitreload_schema') IS NOT NULL", connection);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                return "no GitReload schema yet: the first host to start creates it";
            await using var version = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM gitreload_schema", connection);
            var found = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return found > PostgresSchema.Version
                ? new JournalUnusable.NewerSchema($"job journal at {url.Server} has schema version {found}, newer than this GitReload knows ({PostgresSchema.Version}); run a newer GitReload")
                : Either<JournalUnusable, string>.Right($"schema version {found} of {PostgresSchema.Version}" + (found < PostgresSchema.Version ? "; the next start migrates it" : ""));
        }
        catch (Exception e) when (IsDatabaseError(e))
        {
            return new JournalUnusable.Unreachable($"job journal at {url.Server} {Unusable(e)}: {Reason(e)}");
        }
    }

    /// <summary>
    /// When the host <paramref name="host"/> was last seen, if it counts as live at <paramref name="now"/> (seen within
    /// <see cref="GitReload.Application.Ports.FleetHost.DownAfter"/> and not stopped), for <c>check-config</c>: a
    /// second process with that <c>HOST_ID</c> is refused at start. None when no such host is live, the schema is not
    /// there yet, or the server does not answer (<see cref="Probe"/> says so). Changes nothing.
    /// </summary>
    public static async Task<Option<DateTimeOffset>> LiveHostSeen(JournalUrl url, string host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var source = NpgsqlDataSource.Create(url.ConnectionString);
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('gitreload_schema') IS NOT NULL AND to_regclass('hosts') IS NOT NULL", connection);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return None;
            // left_at came with a later migration: without it every host that is seen counts as running.
            await using var hasLeftAt = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'hosts' AND column_name = 'left_at' AND table_schema = current_schema())", connection);
            var leftAt = await hasLeftAt.ExecuteScalarAsync(cancellationToken) is true ? "left_at" : "NULL::timestamptz";
            await using var seen = new NpgsqlCommand($"SELECT last_seen, {leftAt} FROM hosts WHERE host_id = @host", connection);
            seen.Parameters.AddWithValue("host", host);
            await using var row = await seen.ExecuteReaderAsync(cancellationToken);
            if (!await row.ReadAsync(cancellationToken)) return None;
            var lastSeen = row.GetFieldValue<DateTimeOffset>(0);
            var left = row.IsDBNull(1) ? Option<DateTimeOffset>.None : Some(row.GetFieldValue<DateTimeOffset>(1));
            return GitReload.Application.Ports.FleetHost.IsLive(lastSeen, left, now) ? Some(lastSeen) : None;
        }
        catch (Exception e) when (IsDatabaseError(e))
        {
            return None;
        }
    }

    /// <inheritdoc />
    public async Task<Either<Error, T>> Write<T>(Func<SqlTx, Task<T>> change, CancellationToken cancellationToken)
    {
        // Deadlocks and serialization failures are the server's way of saying "again".
        for (var tries = 1; ; tries++)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken);
                await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
                var sql = new SqlTx(connection, tx, this, RelaxCommit, "COMMIT");
                var result = await change(sql);
                if (sql.Committed)
                    return result;
                if (sql.Abandoned)
                {
                    await tx.RollbackAsync(cancellationToken);
                    return result;
                }
                if (!sql.Durable && !sql.Relaxed)
                {
                    // The change said a power cut may cost it: the commit does not wait for the server's WAL flush.
                    await using var relaxed = new NpgsqlCommand(RelaxCommit, connection, tx);
                    await relaxed.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (tries < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * tries), cancellationToken);
            }
            catch (Exception e) when (IsDatabaseError(e))
            {
                return Failed(e);
            }
        }
    }

    /// <inheritdoc />
    public async Task<Either<Error, T>> Read<T>(Func<SqlTx, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var result = await read(new SqlTx(connection, tx, this));
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        catch (Exception e) when (IsDatabaseError(e))
        {
            return Failed(e);
        }
    }

    /// <inheritdoc />
    public void Subscribe(Action change)
    {
        lock (subscribers) changed.Add(change);
    }

    /// <inheritdoc />
    public async Task<Either<Error, Unit>> HoldHost(string hostId, CancellationToken cancellationToken)
    {
        // Joining again (after being retired while running) keeps the lock this process already holds.
        if (host == hostId && !listening.IsCompleted)
            return Unit.Default;
        host = hostId;
        var first = await Connect(cancellationToken);
        return await first.Match(
            Right: connection =>
            {
                listening = Listen(connection, stopping.Token);
                return Task.FromResult(Either<Error, Unit>.Right(Unit.Default));
            },
            Left: error => Task.FromResult(Either<Error, Unit>.Left(error)));
    }

    /// <inheritdoc />
    public Task<Either<Error, Unit>> CheckHealth(CancellationToken cancellationToken) => Task.FromResult(
        lostHost.Value.Match(Some: why => Either<Error, Unit>.Left(why), None: () => Either<Error, Unit>.Right(Unit.Default)));

    /// <inheritdoc />
    public DbCommand Rent(DbConnection connection, string sql) => new NpgsqlCommand(sql, (NpgsqlConnection)connection);

    /// <inheritdoc />
    public void Return(DbCommand command) => command.Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            listening.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener ends by cancellation.
        }
        source.Dispose();
        stopping.Dispose();
    }

    // The listener's connection: LISTEN, and the host's lock; or why not.
    private async Task<Either<Error, NpgsqlConnection>> Connect(CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(url.ConnectionString) { Pooling = false, KeepAlive = 10 }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            if (!await TakeHostLock(connection, cancellationToken))
            {
                await connection.DisposeAsync();
                return new JournalUnusable.InUse($"another GitReload process is running as host {host} on the {Name} (it holds the host's lock); give each host its own HOST_ID");
            }
            connection.Notification += (_, told) =>
            {
                if (told.Payload != dialect.Sender)
                    Tell();
            };
            await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDialect.Channel}", connection))
                await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (IsDatabaseError(e) || e is OperationCanceledException)
        {
            if (connection is not null) await connection.DisposeAsync();
            return new JournalUnusable.Unreachable($"{Name}: {Reason(e)}");
        }
    }

    // A process that has just stopped may still hold the lock for a moment: its server backend ends after its
    // connection closes. So a restart asks for a few seconds before it calls the host taken.
    private async Task<bool> TakeHostLock(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var lockHost = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@host))", connection);
        lockHost.Parameters.AddWithValue("class", HostLockClass);
        lockHost.Parameters.AddWithValue("host", host ?? "");
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (await lockHost.ExecuteScalarAsync(cancellationToken) is true) return true;
            if (System.Diagnostics.Stopwatch.GetElapsedTime(asked) >= HostLockPatience) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    // The server frees a closed connection's locks when its backend ends, a moment after the close: a host
    // restarted at once would find its own lock still held. Let go of it first, while the connection is open.
    private async Task LetGoOfHost(NpgsqlConnection connection)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@host))", connection);
            unlock.Parameters.AddWithValue("class", HostLockClass);
            unlock.Parameters.AddWithValue("host", host ?? "");
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (IsDatabaseError(e) || e is InvalidOperationException)
        {
            // A broken connection holds no lock once the server notices; the next start waits for that.
        }
    }

    // Waits for notifications; when the connection breaks, connects again (retaking the host's lock) every second.
    // However it ends, the connection it holds last lets go of the host's lock and closes.
    private async Task Listen(NpgsqlConnection connection, CancellationToken stop)
    {
        NpgsqlConnection? current = connection;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                current ??= await Reconnect(stop);
                if (current is null) return;
                try
                {
                    while (!stop.IsCancellationRequested)
                        await current.WaitAsync(stop);
                }
                catch (Exception e) when (IsDatabaseError(e) || e is OperationCanceledException)
                {
                    if (stop.IsCancellationRequested) return;
                    await current.DisposeAsync();
                    current = null;
                }
            }
        }
        finally
        {
            if (current is not null)
            {
                await LetGoOfHost(current);
                await current.DisposeAsync();
            }
        }
    }

    // Every second until it connects (null when stopped first); while it cannot, says why when another process has the host.
    private async Task<NpgsqlConnection?> Reconnect(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var again = await Connect(stop);
            if (again.Case is NpgsqlConnection connected)
            {
                lostHost = new(Option<Error>.None);
                // Whatever was notified while away: look once.
                Tell();
                return connected;
            }
            lostHost = new(again.LeftToSeq().Find(e => e is JournalUnusable.InUse));
        }
    }

    private void Tell()
    {
        Action[] toTell;
        lock (subscribers) toTell = [.. changed];
        foreach (var tell in toTell) tell();
    }

    // A call that failed, said as what is true now. The server's goodbye (it shut down, crashed or is restarting) is
    // what every idle pooled connection reads first: the pool is dropped, so the next call connects afresh and says
    // whether the server is back, rather than reading the next old connection's goodbye.
    private JournalUnusable Failed(Exception e)
    {
        if (e is PostgresException { SqlState: AdminShutdown or CrashShutdown or CannotConnectNow } ended)
        {
            source.Clear();
            return new JournalUnusable.Failed($"{Name}: the server ended the connection: it is shutting down or restarting ({ended.SqlState})");
        }
        if (e is NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException } or TimeoutException or System.Net.Sockets.SocketException)
        {
            source.Clear();
            return new JournalUnusable.Failed($"{Name} cannot be reached: {Reason(e)}");
        }
        return new JournalUnusable.Failed($"{Name}: {Reason(e)}");
    }

    private const string AdminShutdown = "57P01", CrashShutdown = "57P02", CannotConnectNow = "57P03";

    // A server that answered and said no is not one that cannot be reached.
    private static string Unusable(Exception e) => e is PostgresException ? "refused the connection" : "cannot be reached";

    private static bool IsDatabaseError(Exception e) =>
        e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException or JournalMismatch or InvalidDataException
        || (e is InvalidOperationException && e.Source == "Npgsql");

    // The server's own words without a stack trace; a connection failure says so plainly.
    private static string Reason(Exception e) => e switch
    {
        PostgresException pg => $"{pg.MessageText} ({pg.SqlState})",
        NpgsqlException { InnerException: { } inner } => $"{e.Message.TrimEnd('.')}: {inner.Message}",
        _ => e.Message,
    };
}
