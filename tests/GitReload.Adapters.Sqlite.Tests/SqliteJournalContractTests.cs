using GitReload.Adapters.Journal;
using GitReload.Adapters.Sqlite;
using GitReload.Tests.Shared.Journal;

namespace GitReload.Adapters.Sqlite.Tests;

/// <summary>The journal contract, on a SQLite file in a temp folder.</summary>
public sealed class SqliteJournalContractTests : JournalContract, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gitreload-sqlite-").FullName;

    protected override Task<SqlJournal> OpenNew(int keep) => OpenAgain(keep);

    protected override Task<SqlJournal> OpenAgain(int keep) =>
        Task.FromResult(SqliteJournal.Open(folder, Clock, keep).Match(j => j, problem => throw new Xunit.Sdk.XunitException(problem.Message)));

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
