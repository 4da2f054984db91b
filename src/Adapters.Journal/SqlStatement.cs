using System.Data.Common;

namespace GitReload.Adapters.Journal;

/// <summary>
/// One statement of a <see cref="SqlTx.Batch"/>: its SQL, its parameters, and, for a statement
/// that returns rows, what to do with each row (a statement with <see cref="Row"/> must return
/// a result, one without must not).
/// </summary>
public sealed record SqlStatement(string Sql, (string Name, object? Value)[] Parameters, Action<DbDataReader>? Row = null)
{
    /// <summary>A statement that changes rows and returns none.</summary>
    public static SqlStatement Change(string sql, params (string Name, object? Value)[] parameters) => new(sql, parameters);

    /// <summary>A statement that returns rows, each read by <paramref name="row"/>.</summary>
    public static SqlStatement Rows(string sql, Action<DbDataReader> row, params (string Name, object? Value)[] parameters) => new(sql, parameters, row);
}
