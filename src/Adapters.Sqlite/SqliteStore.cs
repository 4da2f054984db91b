using GitReload.Adapters.Journal;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Data.Sqlite;

namespace GitReload.Adapters.Sqlite;

/// <summary>
/// The journal's SQLite file, <c>STATE_DIR/journal.db</c>, for one process. What it relies on:
/// <list type="bullet">
/// <item>The process holds an exclusive lock on the file (an advisory lock taken through
/// <see cref="FileShare.None"/>): a second GitReload on the same <c>STATE_DIR</c> is refused.</item>
/// <item>WAL with <c>locking_mode=EXCLUSIVE</c>: no shared-memory index is mapped, so a file that
/// turns read-only or a full disk gives an error, never a SIGBUS.</item>
/// <item>Commits run with <c>synchronous=NORMAL</c>; a change that must survive a power cut is made
/// durable by an fsync of the WAL file right after its commit (SQLite refuses to change the
/// synchronous level inside a transaction, and whether a burst adds a job is known only inside it).</item>
/// <item>Before each write the file at the path is checked to still be the one open (through
/// <c>/proc/self/fd</c>): a journal moved or deleted while serving answers errors, not lost job ids.</item>
/// <item>Statements are kept prepared for the connection's life (<see cref="PreparedCommands"/>).</item>
/// </list>
/// Pinned by tests/GitReload.Adapters.Sqlite.Tests (fsync, second process, moved file, 0-byte file).
/// </summary>
public sealed class SqliteStore : ISqlStore
{
    /// <summary>The journal file's name inside <c>STATE_DIR</c>.</summary>
    public const string FileName = "journal.db";

    private readonly Lock gate = new();
    private readonly SqliteConnection connection;
    private readonly FileStream held;
    private readonly string heldAs;
    private readonly PreparedCommands commands;
    private FileStream? wal;
    private Either<Error, Unit> lastWrite = Unit.Default;

    private SqliteStore(string path, SqliteConnection connection, FileStream held)
    {
        (Path, this.connection, this.held) = (path, connection, held);
        commands = new PreparedCommands(connection);
        heldAs = OpenAs(held).IfNone(path);
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Name => $"job journal {Path}";

    /// <inheritdoc />
    public bool SingleHost => true;

    /// <inheritdoc />
    public SqlDialect Dialect => SqliteDialect.Instance;

    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    // SQLite gives its -wal file the database file's mode.
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, PrivateFolder);
    }

    private static FileStreamOptions PrivateFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFile;
        return options;
    }

    /// <summary>Opens (creating if needed) the journal in <paramref name="stateDir"/>, brought to the newest schema, or says in one line why it cannot.</summary>
    public static Either<JournalUnusable, SqliteStore> Open(string stateDir)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(stateDir), FileName);
        SqliteConnection? connection = null;
        FileStream? held = null;
        try
        {
            // The journal keeps delivery ids, origin URLs and the commands' output: made for the service user and its group alone
            // (as the systemd unit's StateDirectoryMode does), not for every local user. A folder or file there already keeps its mode.
            CreatePrivateFolder(System.IO.Path.GetDirectoryName(path)!);
            if (File.Exists(path) && new FileInfo(path).Length == 0)
                return Fail(new JournalUnusable.Damaged($"job journal {path} is empty (0 bytes), so its jobs are lost or it was never written; move it away to start with an empty journal"));
            try
            {
                held = new FileStream(path, PrivateFileOptions());
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                return Fail(new JournalUnusable.InUse($"job journal {path} is in use by another GitReload process (one STATE_DIR per host): {e.Message}"));
            }
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA mmap_size=0;");
            if (Scalar(connection, "PRAGMA journal_mode=WAL") is not "wal")
                return Fail(new JournalUnusable.Damaged($"job journal {path} cannot use WAL mode"));
            Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            if (Scalar(connection, "PRAGMA quick_check") is not "ok")
                return Fail(new JournalUnusable.Damaged($"job journal {path} is corrupt (PRAGMA quick_check failed); move it away to start with an empty journal"));
            SqliteConnection opened = connection;
            FileStream file = held;
            return SqliteSchema.Migrate(opened, $"job journal {path}").Match(
                Right: _ => Either<JournalUnusable, SqliteStore>.Right(new SqliteStore(path, opened, file)),
                Left: Fail);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            var line = $"job journal {path} is not usable: {e.Message}";
            // SQLITE_CORRUPT and SQLITE_NOTADB: the file is there but no journal; anything else is the folder or the disk.
            return Fail(e is SqliteException { SqliteErrorCode: 11 or 26 } ? new JournalUnusable.Damaged(line) : new JournalUnusable.Unreachable(line));
        }

        Either<JournalUnusable, SqliteStore> Fail(JournalUnusable why)
        {
            connection?.Dispose();
            held?.Dispose();
            return why;
        }
    }

    /// <inheritdoc />
    public Task<Either<Error, T>> Write<T>(Func<SqlTx, Task<T>> change, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            try
            {
                foreach (var moved in Moved().LeftToSeq())
                    return Task.FromResult<Either<Error, T>>(moved);
                using var tx = connection.BeginTransaction(deferred: false);
                var sql = new SqlTx(connection, tx, commands);
                // Microsoft.Data.Sqlite runs synchronously: the task is complete when it returns.
                var result = change(sql).GetAwaiter().GetResult();
                if (sql.Abandoned)
                {
                    tx.Rollback();
                    return Task.FromResult<Either<Error, T>>(result);
                }
                tx.Commit();
                if (sql.Durable)
                    SyncWal();
                lastWrite = Unit.Default;
                return Task.FromResult<Either<Error, T>>(result);
            }
            catch (Exception e) when (e is SqliteException or JournalMismatch or InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                lastWrite = new JournalUnusable.Failed(e.Message);
                return Task.FromResult<Either<Error, T>>(new JournalUnusable.Failed($"{Name}: {e.Message}"));
            }
        }
    }

    /// <inheritdoc />
    public Task<Either<Error, T>> Read<T>(Func<SqlTx, Task<T>> read, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            try
            {
                using var tx = connection.BeginTransaction(deferred: true);
                var result = read(new SqlTx(connection, tx, commands)).GetAwaiter().GetResult();
                tx.Commit();
                return Task.FromResult<Either<Error, T>>(result);
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or InvalidDataException)
            {
                return Task.FromResult<Either<Error, T>>(new JournalUnusable.Failed($"{Name}: {e.Message}"));
            }
        }
    }

    /// <inheritdoc />
    public void Subscribe(Action changed)
    {
        // One process writes the file: its scheduler already knows of every change.
    }

    /// <inheritdoc />
    /// <remarks>The file lock taken at open already keeps every other process out.</remarks>
    public Task<Either<Error, Unit>> HoldHost(string host, CancellationToken cancellationToken) =>
        Task.FromResult(Either<Error, Unit>.Right(Unit.Default));

    /// <inheritdoc />
    public Task<Either<Error, Unit>> CheckHealth(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var moved in Moved().LeftToSeq())
                return Task.FromResult<Either<Error, Unit>>(moved);
            // A file made read-only (or immutable) is refused by access(2), though the WAL still takes writes for a while.
            if (OperatingSystem.IsLinux() && Access(Path, WriteOk) != 0)
                return Task.FromResult<Either<Error, Unit>>(new JournalUnusable.Unreachable($"{Name} cannot be written: {new System.ComponentModel.Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError()).Message}"));
            return Task.FromResult(lastWrite.MapLeft(why => (Error)new JournalUnusable.Failed($"{Name}: the last write failed: {why.Message}")));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            commands.Dispose();
            connection.Dispose();
            wal?.Dispose();
            held.Dispose();
        }
    }

    // Refused when the file at the path is no longer the one this process writes.
    private Either<JournalUnusable, Unit> Moved() =>
        OpenAs(held).Filter(now => now != heldAs).Match(
            Some: now => Either<JournalUnusable, Unit>.Left(new JournalUnusable.Moved(
                $"{Name} was moved or deleted while GitReload runs (the open file is now {now}); jobs written now would be lost at the next start. Put it back, or restart GitReload")),
            None: () => Either<JournalUnusable, Unit>.Right(Unit.Default));

    // Where the kernel says an open file lives: "/path (deleted)" once unlinked. None where /proc is missing.
    private static Option<string> OpenAs(FileStream file)
    {
        var link = $"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}";
        try
        {
            return File.ResolveLinkTarget(link, returnFinalTarget: false) is { } target ? Option<string>.Some(target.FullName) : Option<string>.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Option<string>.None;
        }
    }

    private const int WriteOk = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "access", SetLastError = true)]
    private static extern int Access([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int mode);

    private void SyncWal()
    {
        wal ??= new FileStream(Path + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        wal.Flush(flushToDisk: true);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
