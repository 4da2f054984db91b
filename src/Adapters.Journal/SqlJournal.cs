using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Adapters.Journal;

/// <summary>
/// The job journal over any <see cref="ISqlStore"/>: jobs, their targets (one per host that runs
/// it), accepted deliveries, and the fleet's hosts and checkouts. Every decision is the domain's
/// (<see cref="JobBoard.Place"/>, <see cref="HostQueue.Next"/>, <see cref="JobProgress.Of"/>,
/// <see cref="JobEnd.Of"/>); this class reads what they need in a transaction and writes what
/// they decided in the same transaction. A checkout's offers and claims hold its lock
/// (<see cref="SqlDialect.LockRepo"/>), and every change of a job's targets holds the job's row
/// first, so hosts never decide on what another host is changing.
/// </summary>
public sealed partial class SqlJournal(ISqlStore store, TimeProvider clock, int maxFinishedPerRepo)
    : IJobJournal, IJobHistory, IDeliveryLog, IFleetRegistry, IDisposable
{
    /// <summary>How long a delivery id is remembered (GitHub's redelivery window).</summary>
    public static readonly TimeSpan DeliveryWindow = TimeSpan.FromDays(3);

    /// <summary>The most delivery ids one job keeps; the newest win.</summary>
    public const int DeliveryIdsPerJob = 100;

    /// <summary>The most output kept per target: the tail.</summary>
    public const int MaxOutputChars = 64 * 1024;

    /// <summary>How long a running target's host may go without renewing it before another host may take it back.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private SqlDialect Dialect => store.Dialect;

    /// <summary>The store this journal writes to.</summary>
    public ISqlStore Store => store;

    /// <inheritdoc />
    public void Subscribe(Action changed) => store.Subscribe(changed);

    /// <inheritdoc />
    /// <remarks>A real write (a probe row), then whatever else the store knows about its health.</remarks>
    public async Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken)
    {
        var written = await store.Write(async tx =>
        {
            tx.NeedsNoFsync();
            await tx.Execute("UPDATE probe SET written_at = @now WHERE id = 1", ("@now", Dialect.Time(Now())));
            return Unit.Default;
        }, cancellationToken);
        return await written.BindAsync(_ => store.CheckHealth(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose() => store.Dispose();

    private DateTimeOffset Now() => clock.GetUtcNow();

    private static object? Db(Option<string> value) => value.IfNoneUnsafe((string?)null);

    private static Option<string> Optional(DbDataReader rows, int column) =>
        rows.IsDBNull(column) ? Option<string>.None : Option<string>.Some(rows.GetString(column));

    private static long Long(object? value) => Convert.ToInt64(value ?? 0L, CultureInfo.InvariantCulture);

    private static string[] Ids(string json) => JsonSerializer.Deserialize(json, JournalJson.Default.StringArray) ?? [];

    private static string Json(IEnumerable<string> ids) => JsonSerializer.Serialize(ids.ToArray(), JournalJson.Default.StringArray);

    // Nine columns from first: repo_name, action, repo_url, branch, after_sha, forge, full_name (then the caller's).
    private static JobRequest Request(DbDataReader rows, int first) =>
        new JobRequest(
            RepoName.Parse(rows.GetString(first)).Match(r => r, e => throw new InvalidDataException($"journal holds a bad repository name: {e.Message}")),
            Names.Action(rows.GetString(first + 1)), rows.GetString(first + 2), rows.GetString(first + 3), Optional(rows, first + 4))
        .WithSource(from forge in Optional(rows, first + 5).Bind(f => Enum.TryParse<Forge>(f, out var parsed) ? Option<Forge>.Some(parsed) : Option<Forge>.None)
                    from name in Optional(rows, first + 6)
                    select new ForgeRepo(forge, name));

    private const string RequestColumns = "j.repo_name, j.action, j.repo_url, j.branch, j.after_sha, j.forge, j.full_name";

    // How many columns RequestColumns names: those a query selects after them start here.
    private const int RequestColumnCount = 7;

    private static HostId Host(string value) =>
        HostId.Parse(value).Match(h => h, e => throw new InvalidDataException($"journal holds a bad host id: {e.Message}"));
}
