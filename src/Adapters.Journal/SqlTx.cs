using System.Data.Common;

namespace GitReload.Adapters.Journal;

/// <summary>
/// One transaction on a journal's database, with the few verbs the journal needs. Parameters are
/// named <c>@name</c>, which both SQLite and PostgreSQL read.
/// </summary>
public sealed class SqlTx(DbConnection connection, DbTransaction transaction, ICommandSource commands, string? relaxCommit = null, string? commitStatement = null)
{
    /// <summary>The transaction's connection.</summary>
    public DbConnection Connection => connection;

    /// <summary>
    /// Whether the commit must reach the disk before it counts (the default): a change whose loss
    /// to a power cut costs nothing acknowledged says so with <see cref="NeedsNoFsync"/>.
    /// PostgreSQL commits such a change with <c>synchronous_commit</c> off: a crash of the server
    /// (like a power cut) may cost it, a crash of GitReload cannot.
    /// </summary>
    public bool Durable { get; private set; } = true;

    /// <summary>This change may be lost to a power cut (not to a crash of the process): it is committed without waiting for the disk.</summary>
    public void NeedsNoFsync() => Durable = false;

    /// <summary>
    /// This change may be lost only with the host that made it: it needs no fsync where the journal
    /// lives on the host's own machine (SQLite: the power cut that loses it ends the host's jobs too,
    /// and they run again after its restart), and stays durable on a shared server (PostgreSQL),
    /// whose crash alone would lose it while the host runs on and trusts it: a job's start or end.
    /// </summary>
    public void NeedsNoFsyncOnTheHostsMachine()
    {
        if (relaxCommit is null) Durable = false;
    }

    /// <summary>
    /// True once the database was told that this transaction's commit need not wait for the disk
    /// (the store's <c>relaxCommit</c> statement, sent along with the first statement run after
    /// <see cref="NeedsNoFsync"/>, so that it costs no round trip of its own).
    /// </summary>
    public bool Relaxed { get; private set; }

    /// <summary>
    /// True once <see cref="BatchAndCommit"/> committed the transaction (on a database that takes
    /// the commit in the batch): the store must not commit it again, and nothing more may run in it.
    /// </summary>
    public bool Committed { get; private set; }

    /// <summary>
    /// True once the change found that what it decided on is out of date (<see cref="SqlDialect.IsStaleBoard"/>):
    /// the store rolls the transaction back instead of committing it.
    /// </summary>
    public bool Abandoned { get; private set; }

    /// <summary>Nothing of this transaction is to count: the store rolls it back.</summary>
    public void Abandon() => Abandoned = true;

    /// <summary>
    /// The change's last statements: runs them as <see cref="Batch"/> and, on a database that takes
    /// a batch (PostgreSQL), commits in the same round trip, so the commit costs none of its own.
    /// The commit is as durable as the store's own: it returns once the commit returned.
    /// </summary>
    public async Task BatchAndCommit(IReadOnlyList<SqlStatement> statements)
    {
        if (commitStatement is null || !connection.CanCreateBatch)
        {
            await Batch(statements);
            return;
        }
        await Batch([.. statements, SqlStatement.Change(commitStatement)]);
        Committed = true;
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public async Task<int> Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!Durable && !Relaxed && relaxCommit is not null)
        {
            sql = relaxCommit + ";\n" + sql;
            Relaxed = true;
        }
        var command = Command(sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        finally
        {
            commands.Return(command);
        }
    }

    /// <summary>The first column of the first row, or null.</summary>
    public async Task<object?> Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            var value = await command.ExecuteScalarAsync();
            return value is DBNull ? null : value;
        }
        finally
        {
            commands.Return(command);
        }
    }

    /// <summary>Every row, read with <paramref name="row"/>.</summary>
    public async Task<List<T>> Query<T>(string sql, Func<DbDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            await using var rows = await command.ExecuteReaderAsync();
            var found = new List<T>();
            while (await rows.ReadAsync())
                found.Add(row(rows));
            return found;
        }
        finally
        {
            commands.Return(command);
        }
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in order: on a database that takes a batch (PostgreSQL) in
    /// one round trip, elsewhere (SQLite, in process) one after another.
    /// </summary>
    public async Task Batch(IReadOnlyList<SqlStatement> statements)
    {
        if (statements.Count == 0)
            return;
        if (!connection.CanCreateBatch)
        {
            foreach (var statement in statements)
            {
                if (statement.Row is { } row)
                    await Query(statement.Sql, rows => { row(rows); return 0; }, statement.Parameters);
                else
                    await Execute(statement.Sql, statement.Parameters);
            }
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        if (!Durable && !Relaxed && relaxCommit is not null)
        {
            batch.BatchCommands.Add(BatchCommand(batch, new SqlStatement(relaxCommit, [])));
            Relaxed = true;
        }
        foreach (var statement in statements)
            batch.BatchCommands.Add(BatchCommand(batch, statement));
        await using var rows = await batch.ExecuteReaderAsync();
        // The reader's results with columns are those of the statements that return rows, in order.
        var first = true;
        foreach (var statement in statements)
        {
            if (statement.Row is not { } row)
                continue;
            if (!first && !await rows.NextResultAsync())
                throw new InvalidOperationException("a batch returned fewer results than it has queries");
            first = false;
            while (rows.FieldCount == 0)
            {
                if (!await rows.NextResultAsync())
                    throw new InvalidOperationException("a batch returned fewer results than it has queries");
            }
            while (await rows.ReadAsync())
                row(rows);
        }
        while (await rows.NextResultAsync())
        {
            // The changes' results: nothing to read, but each must be consumed for its errors to surface.
        }
    }

    private static DbBatchCommand BatchCommand(DbBatch batch, SqlStatement statement)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = statement.Sql;
        foreach (var (name, value) in statement.Parameters)
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        return command;
    }

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        // Every value the journal may pass as null is text; PostgreSQL cannot tell the type of an untyped null.
        if (value is null)
            parameter.DbType = System.Data.DbType.String;
        return parameter;
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = commands.Rent(connection, sql);
        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        return command;
    }

}

/// <summary>Where a transaction gets its commands: new ones, or ones kept prepared for the connection's life.</summary>
public interface ICommandSource
{
    /// <summary>A command for <paramref name="sql"/> on <paramref name="connection"/>.</summary>
    DbCommand Rent(DbConnection connection, string sql);

    /// <summary>Takes back a command once it has run.</summary>
    void Return(DbCommand command);
}
