using System.Data.Common;
using GitReload.Adapters.Journal;
using LanguageExt;
using Npgsql;

namespace GitReload.Adapters.Postgres;

/// <summary>
/// PostgreSQL's side of the journal's SQL. Hosts write at once, so a checkout's offers and claims
/// hold a transaction-scoped advisory lock on its name, a change of a job's targets holds the job's
/// row (<c>FOR UPDATE</c>), and an import is taken with <c>FOR UPDATE SKIP LOCKED</c>. Commits
/// notify the other hosts on the channel <see cref="Channel"/>.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <summary>The channel hosts LISTEN on.</summary>
    public const string Channel = "gitreload";

    /// <summary>The first key of GitReload's advisory locks on a checkout's queue ("gRrp"), so they meet no other application's.</summary>
    public const int RepoLockClass = 0x67527270;

    /// <summary>A dialect whose notifications carry <paramref name="sender"/>, so that the store that sent one can leave it unheard.</summary>
    public PostgresDialect(string sender) => Sender = sender;

    /// <summary>What this dialect's notifications carry: the sending store's own mark.</summary>
    public string Sender { get; }

    /// <inheritdoc />
    public override object Time(DateTimeOffset time) => time.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset ReadTime(DbDataReader rows, int column) => rows.GetFieldValue<DateTimeOffset>(column);

    /// <inheritdoc />
    public override Option<SqlStatement> RepoLock(string repo) =>
        SqlStatement.Rows("SELECT pg_advisory_xact_lock(@class, hashtext(@repo))", _ => { }, ("@class", RepoLockClass), ("@repo", repo));

    /// <inheritdoc />
    public override Option<SqlStatement> Notification => SqlStatement.Rows($"SELECT pg_notify('{Channel}', @sender)", _ => { }, ("@sender", Sender));

    /// <inheritdoc />
    /// <remarks>
    /// The job's checkout's board version row first, then the job's row: an offer holds the version row before it
    /// writes the checkout's jobs, so every change of a checkout's jobs takes the two in one order.
    /// </remarks>
    public override IReadOnlyList<SqlStatement> JobLock(long job) =>
    [
        SqlStatement.Rows("SELECT 1 FROM boards WHERE repo_name = (SELECT repo_name FROM jobs WHERE job_id = @job) FOR UPDATE", _ => { }, ("@job", job)),
        SqlStatement.Rows("SELECT 1 FROM jobs WHERE job_id = @job FOR UPDATE", _ => { }, ("@job", job)),
    ];

    /// <inheritdoc />
    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public override string NoLimit => "LIMIT ALL";

    /// <inheritdoc />
    public override string Ordinal => " COLLATE \"C\"";

    /// <inheritdoc />
    public override Task Notify(SqlTx tx) => tx.Scalar($"SELECT pg_notify('{Channel}', @sender)", ("@sender", Sender));

    /// <inheritdoc />
    public override string Contains(string text, string part) => $"strpos({text}, {part}) > 0";

    /// <inheritdoc />
    public override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    /// <remarks>The server runs a batch's statements before the host reads any answer: the check raises <see cref="StaleBoardState"/>, and the server skips the rest of the batch.</remarks>
    public override SqlStatement ExpectBoard(string repo, long version) =>
        SqlStatement.Rows("SELECT gitreload_expect_board(@repo, @version)", _ => { }, ("@repo", repo), ("@version", version));

    /// <summary>The SQLSTATE of <c>gitreload_expect_board</c>'s refusal.</summary>
    public const string StaleBoardState = "GRB01";

    /// <inheritdoc />
    public override bool IsStaleBoard(Exception error) => error is PostgresException { SqlState: StaleBoardState };

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
