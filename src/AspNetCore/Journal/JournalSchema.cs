using LanguageExt;
using Microsoft.Data.Sqlite;

namespace GitReload.AspNetCore.Journal;

/// <summary>
/// The journal's schema as a list of migrations; <c>PRAGMA user_version</c> counts those applied.
/// Add a migration at the end, never change one that shipped.
/// </summary>
public static class JournalSchema
{
    /// <summary>The schema changes, in order; the n-th brings a file to <c>user_version</c> n.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE jobs (
            job_id INTEGER PRIMARY KEY AUTOINCREMENT,
            repo_name TEXT NOT NULL,
            repo_url TEXT NOT NULL,
            action TEXT NOT NULL,
            branch TEXT NOT NULL,
            after_sha TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            merged INTEGER NOT NULL,
            delivery_ids TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            sha_before TEXT,
            sha_after TEXT,
            error TEXT,
            output TEXT NOT NULL);
        CREATE INDEX jobs_by_status ON jobs (status, job_id);
        CREATE INDEX jobs_by_repo ON jobs (repo_name, job_id);
        CREATE TABLE deliveries (
            delivery_id TEXT PRIMARY KEY,
            job_id INTEGER NOT NULL,
            accepted_at TEXT NOT NULL);
        CREATE INDEX deliveries_by_time ON deliveries (accepted_at);
        """,
        // Where the job's commit statuses go; jobs from before this migration report nothing.
        """
        ALTER TABLE jobs ADD COLUMN forge TEXT;
        ALTER TABLE jobs ADD COLUMN full_name TEXT;
        """,
    ];

    /// <summary>The version a journal of this build has.</summary>
    public static int Version => Migrations.Length;

    /// <summary>Applies the migrations the file lacks, each in its own transaction; or says why it cannot.</summary>
    public static Option<string> Migrate(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Run(connection, "PRAGMA user_version", null) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
            return $"schema version {version} is newer than this GitReload knows ({Version}); run a newer GitReload";
        for (var next = version; next < Version; next++)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            Run(connection, Migrations[next], tx);
            Run(connection, $"PRAGMA user_version = {next + 1}", tx);
            tx.Commit();
        }
        return Option<string>.None;
    }

    private static object? Run(SqliteConnection connection, string sql, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command.ExecuteScalar();
    }
}
