using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

/// <summary>
/// A <see cref="HookServer"/> on loopback over a REPODIR holding a clone of <see cref="Some.Repo"/>,
/// where most HTTP tests start: a test class with other settings or more clones overrides <see cref="Start"/>.
/// </summary>
public abstract class ServerOverClone : IAsyncLifetime
{
    private protected TempGit Git { get; } = new();

    private protected HookServer Server { get; private set; } = null!;

    /// <summary>Starts the server, once <see cref="Some.Repo"/> is cloned.</summary>
    private protected virtual Task<HookServer> Start() => HookServer.Start(Git.RepoDir);

    public async Task InitializeAsync()
    {
        Git.Clone(Some.Repo);
        Server = await Start();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Git.Dispose();
    }
}
