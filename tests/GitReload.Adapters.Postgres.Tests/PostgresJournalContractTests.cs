using GitReload.Adapters.Journal;
using GitReload.Tests.Shared.Journal;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>The journal contract, on a database of its own in a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalContractTests(PostgresCluster cluster) : JournalContract
{
    private string database = "";

    protected override async Task<SqlJournal> OpenNew(int keep)
    {
        database = await cluster.Server.NewDatabase();
        return await OpenAgain(keep);
    }

    protected override async Task<SqlJournal> OpenAgain(int keep) =>
        (await PostgresJournal.Open(JournalUrl.Parse(database).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message)), Clock, keep, default))
        .Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message));
}
