using System.Globalization;
using System.Text.Json;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Data.Sqlite;

namespace GitReload.AspNetCore.Journal;

/// <summary>
/// The job journal in one SQLite file in <c>STATE_DIR</c>: every job, its deliveries and how it
/// ended. WAL: every committed change survives a kill of the process; a new job is also fsynced
/// (<c>synchronous=FULL</c>), so it survives a power loss. Merges, starts and ends are not: losing
/// them to a power loss costs at most a merge's bookkeeping or a job run again (see each method).
/// One connection, one change at a time.
/// </summary>
public sealed class SqliteJobJournal : IJobJournal, IJobHistory, IDeliveryLog, IDisposable
{
    /// <summary>The journal file's name inside <c>STATE_DIR</c>.</summary>
    public const string FileName = "journal.db";

    /// <summary>How long a delivery id is remembered (GitHub's redelivery window).</summary>
    public static readonly TimeSpan DeliveryWindow = TimeSpan.FromDays(3);

    /// <summary>The most delivery ids one job keeps; the newest win.</summary>
    public const int DeliveryIdsPerJob = 100;

    /// <summary>The most output kept per job: the tail.</summary>
    public const int MaxOutputChars = 64 * 1024;

    private readonly Lock gate = new();
    private readonly SqliteConnection connection;
    private readonly TimeProvider clock;
    private readonly int maxFinishedPerRepo;

    private SqliteJobJournal(string path, SqliteConnection connection, TimeProvider clock, int maxFinishedPerRepo)
    {
        Path = path;
        this.connection = connection;
        this.clock = clock;
        this.maxFinishedPerRepo = maxFinishedPerRepo;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the journal in <paramref name="stateDir"/>, brought to the newest schema, or says in one line why it cannot.</summary>
    public static Either<string, SqliteJobJournal> Open(string stateDir, TimeProvider clock, int maxFinishedPerRepo)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(stateDir), FileName);
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            connection.Open();
            if (Scalar(connection, "PRAGMA journal_mode=WAL") is not "wal")
                return Fail($"job journal {path} cannot use WAL mode");
            Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            if (Scalar(connection, "PRAGMA quick_check") is not "ok")
                return Fail($"job journal {path} is corrupt (PRAGMA quick_check failed); move it away to start with an empty journal");
            var migrated = JournalSchema.Migrate(connection);
            if (migrated.IsSome)
                return Fail($"job journal {path}: {(string)migrated}");
            Execute(connection, "BEGIN IMMEDIATE; ROLLBACK;");
            return new SqliteJobJournal(path, connection, clock, maxFinishedPerRepo);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return Fail($"job journal {path} is not usable: {e.Message}");
        }

        Either<string, SqliteJobJournal> Fail(string message)
        {
            connection?.Dispose();
            return message;
        }
    }

    /// <inheritdoc />
    public Task<Either<Error, Resumed>> Resume(CancellationToken cancellationToken) => Change(tx =>
    {
        Execute(connection, "UPDATE jobs SET status = 'queued', started_at = NULL WHERE status = 'running'", tx);
        using var read = Command("SELECT job_id, repo_name, action, repo_url, branch, after_sha, forge, full_name, merged FROM jobs WHERE status = 'queued' ORDER BY job_id", tx);
        using var rows = read.ExecuteReader();
        var waiting = new List<BoardJob>();
        while (rows.Read())
            waiting.Add(new BoardJob(new JobId(rows.GetInt64(0)), Request(rows, 1), Running: false, rows.GetInt32(8)));
        var lastId = Scalar(connection, "SELECT seq FROM sqlite_sequence WHERE name = 'jobs'", tx) is long seq ? seq : 0L;
        return new Resumed(waiting.ToSeq(), lastId);
    });

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Add(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken) =>
        Change(tx => AddRow(id, request, deliveryId, tx));

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Merge(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken) =>
        Change(tx => MergeRow(id, request, deliveryId, tx));

    /// <summary>
    /// Records every offer of a burst in one transaction, all or none. A burst that adds a job is
    /// fsynced before it counts. One that only merges into jobs already recorded is not: the jobs it
    /// merges into were fsynced when they were added, so a power loss can only cost the merge's
    /// bookkeeping (count, newest SHA, delivery ids), never the update; a crash of the process costs
    /// nothing, because the write is in the operating system's hands once committed.
    /// </summary>
    public Task<Either<Error, Unit>> Record(Seq<OfferRecord> offers, CancellationToken cancellationToken) => Change(tx =>
    {
        var merges = new Dictionary<JobId, List<OfferRecord>>();
        foreach (var offer in offers)
        {
            switch (offer.Outcome)
            {
                case Offered.Added added:
                    AddRow(added.Id, offer.Request, offer.DeliveryId, tx);
                    break;
                case Offered.Merged merged:
                    merges.TryAdd(merged.Id, []);
                    merges[merged.Id].Add(offer);
                    break;
            }
        }
        // Each job's merges in one update: a burst into one waiting job reads and writes its row once.
        foreach (var (id, into) in merges)
            MergeRows(id, into, tx);
        return Unit.Default;
    }, fsync: offers.Exists(offer => offer.Outcome is Offered.Added));

    private Unit AddRow(JobId id, JobRequest request, Option<string> deliveryId, SqliteTransaction tx)
    {
        var now = Now();
        using var insert = Command("""
            INSERT INTO jobs (job_id, repo_name, repo_url, action, branch, after_sha, forge, full_name, status, attempts, merged, delivery_ids, queued_at, output)
            VALUES ($id, $repo, $url, $action, $branch, $after, $forge, $fullName, 'queued', 0, 0, $deliveries, $now, '')
            """, tx, ("$id", id.Value), ("$repo", request.Repo.Value), ("$url", request.RepoUrl), ("$action", ActionName(request.Action)),
            ("$branch", request.Branch), ("$after", request.After), ("$forge", Db(request.Source.Map(r => r.Forge.ToString()))),
            ("$fullName", Db(request.Source.Map(r => r.FullName))), ("$deliveries", JsonSerializer.Serialize(deliveryId.ToArray())), ("$now", Text(now)));
        insert.ExecuteNonQuery();
        RememberDelivery(deliveryId, id, now, tx);
        return Unit.Default;
    }

    private Unit MergeRow(JobId id, JobRequest request, Option<string> deliveryId, SqliteTransaction tx) =>
        MergeRows(id, [new OfferRecord(new Offered.Merged(id), request, deliveryId)], tx);

    // Merges requests, oldest first, into the waiting job: the newest request's fields win, every
    // delivery id is kept (up to the bound). Without delivery ids it is one UPDATE.
    private Unit MergeRows(JobId id, IReadOnlyList<OfferRecord> merges, SqliteTransaction tx)
    {
        var deliveries = merges.SelectMany(m => m.DeliveryId).ToArray();
        object ids = DBNull.Value;
        if (deliveries.Length > 0)
        {
            if (Prepared("SELECT delivery_ids FROM jobs WHERE job_id = $id AND status = 'queued'", tx, ("$id", id.Value)).ExecuteScalar() is not string json)
                throw NotWaiting(id);
            ids = JsonSerializer.Serialize((JsonSerializer.Deserialize<string[]>(json) ?? []).Concat(deliveries).TakeLast(DeliveryIdsPerJob).ToArray());
        }
        var request = merges[^1].Request;
        var updated = Prepared("""
            UPDATE jobs SET merged = merged + $count, after_sha = $after, forge = $forge, full_name = $fullName, repo_url = $url, branch = $branch,
              delivery_ids = coalesce($deliveries, delivery_ids)
            WHERE job_id = $id AND status = 'queued'
            """, tx, ("$id", id.Value), ("$count", merges.Count), ("$after", request.After), ("$forge", Db(request.Source.Map(r => r.Forge.ToString()))),
            ("$fullName", Db(request.Source.Map(r => r.FullName))), ("$url", request.RepoUrl), ("$branch", request.Branch), ("$deliveries", ids)).ExecuteNonQuery();
        if (updated != 1)
            throw NotWaiting(id);
        var now = Now();
        foreach (var merge in merges)
            RememberDelivery(merge.DeliveryId, id, now, tx);
        return Unit.Default;
    }

    private static JournalMismatch NotWaiting(JobId id) => new($"job {id} is not waiting, nothing to merge into");

    /// <inheritdoc />
    /// <remarks>
    /// Not fsynced, like <see cref="Finish"/> and <see cref="Requeue"/>: after a power loss a job
    /// whose start or end did not reach the disk is found queued or running, and runs again, as a
    /// job cut off by the power loss would. A crash of the process loses none of them.
    /// </remarks>
    public Task<Either<Error, Unit>> Start(JobId id, CancellationToken cancellationToken) => Change(tx =>
    {
        Execute(connection, "UPDATE jobs SET status = 'running', started_at = $now WHERE job_id = $id", tx, ("$id", id.Value), ("$now", Text(Now())));
        return Unit.Default;
    }, fsync: false);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Finish(JobId id, JobOutcome outcome, CancellationToken cancellationToken) => Change(tx =>
    {
        var (status, attempts, before, after, error, output) = outcome.Match(
            succeeded: s => ("succeeded", s.Attempts, s.ShaBefore, s.ShaAfter, Option<string>.None, s.Output),
            failed: f => ("failed", f.Attempts, Option<string>.None, Option<string>.None, Option<string>.Some(f.Failure.Message), f.Failure.Output));
        Execute(connection, """
            UPDATE jobs SET status = $status, attempts = $attempts, finished_at = $now, sha_before = $before, sha_after = $after, error = $error, output = $output
            WHERE job_id = $id
            """, tx, ("$id", id.Value), ("$status", status), ("$attempts", attempts), ("$now", Text(Now())), ("$before", Db(before)), ("$after", Db(after)),
            ("$error", Db(error)), ("$output", output.Length > MaxOutputChars ? output[^MaxOutputChars..] : output));
        Execute(connection, """
            DELETE FROM jobs WHERE status IN ('succeeded', 'failed') AND repo_name = (SELECT repo_name FROM jobs WHERE job_id = $id)
              AND job_id NOT IN (SELECT job_id FROM jobs WHERE status IN ('succeeded', 'failed') AND repo_name = (SELECT repo_name FROM jobs WHERE job_id = $id)
                                 ORDER BY job_id DESC LIMIT $keep)
            """, tx, ("$id", id.Value), ("$keep", maxFinishedPerRepo));
        return Unit.Default;
    }, fsync: false);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> Requeue(JobId id, CancellationToken cancellationToken) => Change(tx =>
    {
        Execute(connection, "UPDATE jobs SET status = 'queued', started_at = NULL WHERE job_id = $id AND status = 'running'", tx, ("$id", id.Value));
        return Unit.Default;
    }, fsync: false);

    /// <inheritdoc />
    public Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
            return Task.FromResult<Either<Error, Unit>>(Error.New($"job journal {Path} is gone"));
        return Change(tx => Unit.Default);
    }

    /// <inheritdoc />
    public Task<Seq<JobRecord>> List(JobQuery query, CancellationToken cancellationToken) => Read(() =>
    {
        using var select = Command($"""
            SELECT {Columns} FROM jobs
            WHERE ($repo IS NULL OR repo_name = $repo) AND ($status IS NULL OR status = $status)
            ORDER BY job_id DESC LIMIT $limit
            """, null, ("$repo", Db(query.Repo.Map(r => r.Value))), ("$status", Db(query.Status.Map(StatusName))), ("$limit", query.Limit));
        return Records(select).ToSeq();
    });

    /// <inheritdoc />
    public Task<Option<JobRecord>> Find(JobId id, CancellationToken cancellationToken) => Read(() =>
    {
        using var select = Command($"SELECT {Columns} FROM jobs WHERE job_id = $id", null, ("$id", id.Value));
        return Records(select).HeadOrNone();
    });

    /// <inheritdoc />
    public Task<Option<JobId>> Accepted(string deliveryId, CancellationToken cancellationToken) => Read(() =>
        Prepared("SELECT job_id FROM deliveries WHERE delivery_id = $id AND accepted_at >= $since", null,
            ("$id", deliveryId), ("$since", Text(Now() - DeliveryWindow))).ExecuteScalar() is long job ? Option<JobId>.Some(new JobId(job)) : Option<JobId>.None);

    // Add and Merge already remember the delivery in the job's transaction; this only covers other callers,
    // and is bookkeeping, not a job: it needs no fsync.
    /// <inheritdoc />
    public async Task<Unit> Remember(string deliveryId, JobId job, CancellationToken cancellationToken) =>
        (await Change(tx => RememberDelivery(Option<string>.Some(deliveryId), job, Now(), tx), fsync: false)).IfLeft(Unit.Default);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var command in prepared.Values) command.Dispose();
            connection.Dispose();
        }
    }

    private const string Columns = "job_id, repo_name, action, repo_url, branch, after_sha, forge, full_name, status, attempts, merged, delivery_ids, queued_at, started_at, finished_at, sha_before, sha_after, error, output";

    private static List<JobRecord> Records(SqliteCommand select)
    {
        using var rows = select.ExecuteReader();
        var records = new List<JobRecord>();
        while (rows.Read())
        {
            records.Add(new JobRecord(
                new JobId(rows.GetInt64(0)), Request(rows, 1), Status(rows.GetString(8)), rows.GetInt32(9), rows.GetInt32(10),
                (JsonSerializer.Deserialize<string[]>(rows.GetString(11)) ?? []).ToSeq(),
                Time(rows.GetString(12)), Optional(rows, 13).Map(Time), Optional(rows, 14).Map(Time),
                Optional(rows, 15), Optional(rows, 16), Optional(rows, 17), rows.GetString(18)));
        }
        return records;
    }

    // Seven columns from first: repo_name, action, repo_url, branch, after_sha, forge, full_name.
    private static JobRequest Request(SqliteDataReader rows, int first) => new JobRequest(
        (RepoName)RepoName.Parse(rows.GetString(first)), Action(rows.GetString(first + 1)), rows.GetString(first + 2), rows.GetString(first + 3), rows.GetString(first + 4))
        .WithSource(from forge in Optional(rows, first + 5).Bind(f => Enum.TryParse<Forge>(f, out var parsed) ? Option<Forge>.Some(parsed) : Option<Forge>.None)
                    from name in Optional(rows, first + 6)
                    select new ForgeRepo(forge, name));

    private Unit RememberDelivery(Option<string> deliveryId, JobId job, DateTimeOffset now, SqliteTransaction tx)
    {
        foreach (var id in deliveryId)
        {
            // Expired ids go at most once a minute: Accepted ignores them anyway.
            if (now - lastForgotten >= TimeSpan.FromMinutes(1))
            {
                Prepared("DELETE FROM deliveries WHERE accepted_at < $since", tx, ("$since", Text(now - DeliveryWindow))).ExecuteNonQuery();
                lastForgotten = now;
            }
            // Ignore, not replace: Remember after Add then writes nothing and costs no fsync.
            Prepared("INSERT OR IGNORE INTO deliveries (delivery_id, job_id, accepted_at) VALUES ($id, $job, $now)", tx, ("$id", id), ("$job", job.Value), ("$now", Text(now))).ExecuteNonQuery();
        }
        return Unit.Default;
    }

    private DateTimeOffset lastForgotten = DateTimeOffset.MinValue;

    // The statements every push runs, each prepared once: parsing their SQL again was a visible
    // part of every merge. Used only under the gate, and only with ExecuteNonQuery/ExecuteScalar.
    private readonly Dictionary<string, SqliteCommand> prepared = new(StringComparer.Ordinal);

    private SqliteCommand Prepared(string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        if (!prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            prepared[sql] = command;
        }
        command.Transaction = tx;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    // Whether commits on the connection now wait for fsync (synchronous=FULL) or not (NORMAL).
    private bool synchronous = true;

    private Task<Either<Error, T>> Change<T>(Func<SqliteTransaction, T> change, bool fsync = true)
    {
        lock (gate)
        {
            try
            {
                if (synchronous != fsync)
                {
                    Execute(connection, fsync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                    synchronous = fsync;
                }
                using var tx = connection.BeginTransaction(deferred: false);
                var result = change(tx);
                tx.Commit();
                return Task.FromResult<Either<Error, T>>(result);
            }
            catch (Exception e) when (e is SqliteException or JournalMismatch or InvalidOperationException)
            {
                return Task.FromResult<Either<Error, T>>(Error.New($"job journal {Path}: {e.Message}"));
            }
        }
    }

    private Task<T> Read<T>(Func<T> read)
    {
        lock (gate) return Task.FromResult(read());
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters) => Command(connection, sql, tx, parameters);

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, tx, parameters);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, tx, parameters);
        return command.ExecuteScalar();
    }

    private DateTimeOffset Now() => clock.GetUtcNow();

    /// <summary>ISO 8601 UTC with milliseconds: sorts as text.</summary>
    public static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static Option<string> Optional(SqliteDataReader rows, int column) => rows.IsDBNull(column) ? Option<string>.None : Option<string>.Some(rows.GetString(column));

    private static object Db(Option<string> value) => value.Match<object>(v => v, () => DBNull.Value);

    private static string ActionName(JobAction action) => action == JobAction.CourseImport ? "COURSE_IMPORT" : "GET_LATEST";

    private static JobAction Action(string name) => name == "COURSE_IMPORT" ? JobAction.CourseImport : JobAction.GetLatest;

    private static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();

    private static JobStatus Status(string name) => Enum.Parse<JobStatus>(name, ignoreCase: true);

    private sealed class JournalMismatch(string message) : Exception(message);
}
