using System.Data.Common;
using System.Globalization;
using GitReload.Adapters.Journal;
using LanguageExt;
using Microsoft.Data.Sqlite;

namespace GitReload.Adapters.Sqlite;

/// <summary>
/// SQLite's side of the journal's SQL. One process writes the file, one transaction at a time
/// (<c>BEGIN IMMEDIATE</c>), so no lock needs taking inside a transaction. Times are ISO 8601 UTC
/// text with milliseconds, which sorts as time.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static SqliteDialect Instance { get; } = new();

    /// <summary>A time as the journal writes it.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override object Time(DateTimeOffset time) => Text(time);

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader rows, int column) =>
        DateTimeOffset.Parse(rows.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <inheritdoc />
    public override Option<SqlStatement> RepoLock(string repo) => Option<SqlStatement>.None;

    /// <inheritdoc />
    public override Option<SqlStatement> Notification => Option<SqlStatement>.None;

    /// <inheritdoc />
    public override IReadOnlyList<SqlStatement> JobLock(long job) => [];

    /// <inheritdoc />
    public override string SkipLocked => "";

    /// <inheritdoc />
    public override string NoLimit => "LIMIT -1";

    /// <inheritdoc />
    /// <remarks>SQLite's default collation compares the bytes of UTF-8, which orders as code points do.</remarks>
    public override string Ordinal => "";

    /// <inheritdoc />
    public override Task Notify(SqlTx tx) => Task.CompletedTask;

    /// <inheritdoc />
    public override string Contains(string text, string part) => $"instr({text}, {part}) > 0";

    /// <inheritdoc />
    public override string ForUpdate => "";

    /// <inheritdoc />
    /// <remarks>Statements run one by one in this process: the check throws before the statements after it run.</remarks>
    public override SqlStatement ExpectBoard(string repo, long version) =>
        SqlStatement.Rows("SELECT coalesce((SELECT version FROM boards WHERE repo_name = @repo), 0)",
            rows =>
            {
                if (rows.GetInt64(0) != version)
                    throw new StaleBoard(repo);
            },
            ("@repo", repo));

    /// <inheritdoc />
    public override bool IsStaleBoard(Exception error) => error is StaleBoard;

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException error) =>
        error is SqliteException { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ };
}
