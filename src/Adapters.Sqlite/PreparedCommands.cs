using System.Data.Common;
using GitReload.Adapters.Journal;
using Microsoft.Data.Sqlite;

namespace GitReload.Adapters.Sqlite;

/// <summary>
/// The SQLite journal's commands, one per SQL text, kept prepared for the connection's life:
/// parsing the same SQL again was a visible part of every push.
/// </summary>
/// <remarks>
/// Relies on: one statement runs at a time (every transaction runs under <see cref="SqliteStore"/>'s
/// lock, on its one connection); each run sets its own transaction and parameters afresh
/// (<see cref="SqlTx"/> clears them); and a command is never run again while its own reader is open
/// (<see cref="SqlTx.Query{T}"/> reads rows with a plain function, which cannot run a statement).
/// Pinned by <c>SqliteStoreTests.A_statement_kept_prepared_runs_again_with_only_its_new_parameters_even_after_a_failed_transaction</c>
/// and by the journal contract suite, which runs every statement through it.
/// </remarks>
internal sealed class PreparedCommands(SqliteConnection connection) : ICommandSource, IDisposable
{
    private readonly Dictionary<string, SqliteCommand> prepared = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public DbCommand Rent(DbConnection on, string sql)
    {
        if (!prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            prepared[sql] = command;
        }
        return command;
    }

    /// <inheritdoc />
    public void Return(DbCommand command)
    {
        // Kept for the next run of the same SQL.
    }

    /// <summary>How many SQL texts are kept prepared.</summary>
    public int Count => prepared.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in prepared.Values) command.Dispose();
        prepared.Clear();
    }
}
