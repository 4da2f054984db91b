using GitReload.Adapters.Journal;
using LanguageExt;
using Microsoft.Data.Sqlite;

namespace GitReload.Adapters.Sqlite;

/// <summary>
/// The journal's schema as a list of migrations; <c>PRAGMA user_version</c> counts those applied.
/// Add a migration at the end, never change one that shipped.
/// </summary>
public static class SqliteSchema
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
        // The fleet's shape: a job's work is done by its targets, one per host (an import: any one host);
        // the hosts and the checkouts each holds. A job's targets keep what the job kept before.
        // Targets of jobs from before have no host (NULL): the host that opens the journal takes those still open.
        """
        CREATE TABLE targets (
            job_id INTEGER NOT NULL,
            slot INTEGER NOT NULL,
            host_id TEXT,
            eligible TEXT NOT NULL DEFAULT '',
            repo_name TEXT NOT NULL,
            action TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            started_at TEXT,
            finished_at TEXT,
            lease_until TEXT,
            sha_before TEXT,
            sha_after TEXT,
            error TEXT,
            transient INTEGER,
            output TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (job_id, slot));
        INSERT INTO targets (job_id, slot, host_id, repo_name, action, status, attempts, started_at, finished_at, sha_before, sha_after, error, output)
            SELECT job_id, 0, NULL, repo_name, action, status, attempts, started_at, finished_at, sha_before, sha_after, error, output FROM jobs;
        CREATE UNIQUE INDEX targets_one_running_per_checkout ON targets (host_id, repo_name) WHERE status = 'running';
        CREATE UNIQUE INDEX targets_one_running_import ON targets (repo_name) WHERE status = 'running' AND action = 'COURSE_IMPORT';
        CREATE INDEX targets_by_host ON targets (host_id, status, job_id);
        CREATE INDEX targets_by_repo ON targets (repo_name, host_id, job_id);
        ALTER TABLE jobs DROP COLUMN attempts;
        ALTER TABLE jobs DROP COLUMN started_at;
        ALTER TABLE jobs DROP COLUMN finished_at;
        ALTER TABLE jobs DROP COLUMN sha_before;
        ALTER TABLE jobs DROP COLUMN sha_after;
        ALTER TABLE jobs DROP COLUMN error;
        ALTER TABLE jobs DROP COLUMN output;
        ALTER TABLE jobs ADD COLUMN trigger TEXT NOT NULL DEFAULT 'push';
        ALTER TABLE jobs ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN last_request_at TEXT NOT NULL DEFAULT '';
        UPDATE jobs SET last_request_at = queued_at;
        CREATE TABLE hosts (
            host_id TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            last_seen TEXT NOT NULL);
        CREATE TABLE checkouts (
            host_id TEXT NOT NULL,
            repo_name TEXT NOT NULL,
            state TEXT NOT NULL,
            branch TEXT,
            origin_url TEXT,
            head TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (host_id, repo_name));
        CREATE TABLE probe (id INTEGER PRIMARY KEY, written_at TEXT NOT NULL);
        INSERT INTO probe VALUES (1, '');
        """,
        // A checkout published atomically (PUBLISH): the commits of the trees it keeps for a rollback,
        // newest first, space-separated ('' when it keeps none); NULL for a checkout in place. Its head is the published commit.
        """
        ALTER TABLE checkouts ADD COLUMN kept TEXT;
        """,
        // Converging without webhooks: what each followed branch's origin last said, which host asks it
        // this round (a claim with a lease) and the import baseline; failed updates waiting to be retried.
        """
        CREATE TABLE origins (
            repo_name TEXT NOT NULL,
            branch TEXT NOT NULL,
            claimed_by TEXT,
            claimed_until TEXT,
            asked_at TEXT,
            asked_by TEXT,
            origin_sha TEXT,
            unreachable_since TEXT,
            error TEXT,
            baseline_sha TEXT,
            baseline_at TEXT,
            PRIMARY KEY (repo_name, branch));
        CREATE TABLE heals (
            repo_name TEXT NOT NULL,
            action TEXT NOT NULL,
            failed_job INTEGER NOT NULL,
            rung INTEGER NOT NULL,
            failed_at TEXT NOT NULL,
            hosts TEXT NOT NULL,
            retry_job INTEGER,
            taken_by TEXT,
            taken_until TEXT,
            PRIMARY KEY (repo_name, action));
        """,
        // A job asked for by hand names no commit: NULL, no longer ''. SQLite cannot drop a NOT NULL, so the column is made anew.
        """
        ALTER TABLE jobs RENAME COLUMN after_sha TO after_sha_given;
        ALTER TABLE jobs ADD COLUMN after_sha TEXT;
        UPDATE jobs SET after_sha = NULLIF(after_sha_given, '');
        ALTER TABLE jobs DROP COLUMN after_sha_given;
        """,
        // A host that stopped cleanly says when (NULL while it runs): it shows as stopped at once, and its last_seen stays true.
        """
        ALTER TABLE hosts ADD COLUMN left_at TEXT;
        """,
        // The tries of a target that ended without an outcome (its host restarted, it was cut off at shutdown),
        // so that /jobs still shows them; the target itself waits again.
        """
        CREATE TABLE target_tries (
            job_id INTEGER NOT NULL,
            slot INTEGER NOT NULL,
            host_id TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            why TEXT NOT NULL);
        CREATE INDEX target_tries_by_job ON target_tries (job_id, slot);
        """,
        // Where each checkout stands, kept by triggers whenever a job or a checkout of its repository changes
        // (so the dashboard counts by an index, not by joining every checkout to its newest job), and how many
        // checkouts each host holds (kept by the journal's Join and Register).
        $"""
        ALTER TABLE checkouts ADD COLUMN standing INTEGER NOT NULL DEFAULT 5;
        ALTER TABLE hosts ADD COLUMN checkouts INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX checkouts_by_standing ON checkouts (host_id, standing, repo_name);
        CREATE INDEX checkouts_by_repo ON checkouts (repo_name);
        CREATE TRIGGER jobs_added AFTER INSERT ON jobs BEGIN {RestandAsShipped("NEW.repo_name")}; END;
        CREATE TRIGGER jobs_changed AFTER UPDATE OF status, branch, after_sha ON jobs
            WHEN OLD.status IS NOT NEW.status OR OLD.branch IS NOT NEW.branch OR OLD.after_sha IS NOT NEW.after_sha
            BEGIN {RestandAsShipped("NEW.repo_name")}; END;
        CREATE TRIGGER jobs_removed AFTER DELETE ON jobs BEGIN {RestandAsShipped("OLD.repo_name")}; END;
        CREATE TRIGGER checkouts_added AFTER INSERT ON checkouts BEGIN {RestandAsShipped("NEW.repo_name")}; END;
        CREATE TRIGGER checkouts_changed AFTER UPDATE OF state, branch, head ON checkouts
            WHEN OLD.state IS NOT NEW.state OR OLD.branch IS NOT NEW.branch OR OLD.head IS NOT NEW.head
            BEGIN {RestandAsShipped("NEW.repo_name")}; END;
        CREATE TRIGGER checkouts_removed AFTER DELETE ON checkouts BEGIN {RestandAsShipped("OLD.repo_name")}; END;
        UPDATE checkouts SET standing = {StandingAsShipped};
        UPDATE hosts SET checkouts = (SELECT COUNT(*) FROM checkouts c WHERE c.host_id = hosts.host_id);
        """,
        // A version per checkout's board (its waiting and running jobs and their targets), raised by every change of them:
        // an offer decided on the board the journal wrote last checks, in its own transaction, that nobody changed it since.
        """
        CREATE TABLE boards (repo_name TEXT PRIMARY KEY, version INTEGER NOT NULL);
        INSERT INTO boards (repo_name, version) SELECT DISTINCT repo_name, 1 FROM jobs;
        CREATE TRIGGER jobs_board_insert AFTER INSERT ON jobs BEGIN INSERT INTO boards (repo_name, version) VALUES (NEW.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        CREATE TRIGGER jobs_board_update AFTER UPDATE ON jobs BEGIN INSERT INTO boards (repo_name, version) VALUES (OLD.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; INSERT INTO boards (repo_name, version) VALUES (NEW.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        CREATE TRIGGER jobs_board_delete AFTER DELETE ON jobs BEGIN INSERT INTO boards (repo_name, version) VALUES (OLD.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        CREATE TRIGGER targets_board_insert AFTER INSERT ON targets BEGIN INSERT INTO boards (repo_name, version) VALUES (NEW.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        CREATE TRIGGER targets_board_update AFTER UPDATE OF status, host_id, slot, repo_name ON targets BEGIN INSERT INTO boards (repo_name, version) VALUES (OLD.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; INSERT INTO boards (repo_name, version) VALUES (NEW.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        CREATE TRIGGER targets_board_delete AFTER DELETE ON targets BEGIN INSERT INTO boards (repo_name, version) VALUES (OLD.repo_name, 1) ON CONFLICT (repo_name) DO UPDATE SET version = version + 1; END;
        """,
    ];

    // The standing migration's statement that gives every checkout of a repository its standing. Shipped: never change it.
    private static string RestandAsShipped(string repo) => $"UPDATE checkouts SET standing = {StandingAsShipped} WHERE repo_name = {repo}";

    // The standing migration's rule, shared with the journal (StandingSql). Shipped: never change it.
    private const string StandingAsShipped = Journal.StandingSql.Shipped;

    /// <summary>The version a journal of this build has.</summary>
    public static int Version => Migrations.Length;

    /// <summary>Applies the migrations the file (called <paramref name="name"/> in the error) lacks, each in its own transaction; or says why it cannot.</summary>
    public static Either<JournalUnusable, Unit> Migrate(SqliteConnection connection, string name)
    {
        var version = Convert.ToInt32(Run(connection, "PRAGMA user_version", null) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
            return new JournalUnusable.NewerSchema($"{name}: schema version {version} is newer than this GitReload knows ({Version}); run a newer GitReload");
        for (var next = version; next < Version; next++)
        {
            using var tx = connection.BeginTransaction(deferred: false);
            Run(connection, Migrations[next], tx);
            Run(connection, $"PRAGMA user_version = {next + 1}", tx);
            tx.Commit();
        }
        return Unit.Default;
    }

    private static object? Run(SqliteConnection connection, string sql, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command.ExecuteScalar();
    }
}
