using GitReload.Tests.Shared.Postgres;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>One throwaway PostgreSQL cluster for every test here; each test takes a database of its own.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.Start();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
