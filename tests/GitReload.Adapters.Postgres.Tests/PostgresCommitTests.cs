using GitReload.Adapters.Journal;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>How durable each kind of change is on a shared server, whose crash alone can lose what it had not flushed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCommitTests(PostgresCluster cluster)
{
    private async Task<PostgresStore> Store()
    {
        var url = JournalUrl.Parse(await cluster.Server.NewDatabase()).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message));
        return (await PostgresStore.Open(url, default)).Match(s => s, problem => throw new Xunit.Sdk.XunitException(problem.Message));
    }

    // The setting the transaction commits with, read inside it after its first change.
    private static async Task<string> CommittedWith(PostgresStore store, Action<SqlTx> say)
    {
        var setting = await store.Write(async tx =>
        {
            say(tx);
            await tx.Execute("SELECT 1");
            return (string)(await tx.Scalar("SELECT current_setting('synchronous_commit')"))!;
        }, default);
        return setting.Match(s => s, e => throw new Xunit.Sdk.XunitException(e.Message));
    }

    [Fact]
    public async Task A_job_s_start_or_end_waits_for_the_server_s_disk()
    {
        using var store = await Store();
        Assert.Equal("on", await CommittedWith(store, tx => tx.NeedsNoFsyncOnTheHostsMachine()));
    }

    [Fact]
    public async Task A_change_a_crash_of_the_server_may_cost_does_not_wait_for_its_disk()
    {
        using var store = await Store();
        Assert.Equal("off", await CommittedWith(store, tx => tx.NeedsNoFsync()));
    }
}
