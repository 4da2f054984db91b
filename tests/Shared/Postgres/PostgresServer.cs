using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GitReload.Tests.Shared.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> and <c>pg_ctl</c> from Debian's
/// <c>postgresql</c> package (<c>/usr/lib/postgresql/*/bin</c>) in a temp folder, on a free port,
/// listening on 127.0.0.1 only, trust authentication; run as the <c>postgres</c> user when the tests
/// run as root. <c>GITRELOAD_TEST_POSTGRES</c> (a connection string to a server whose user may
/// create databases) is used instead when set. Each test gets a database of its own
/// (<see cref="NewDatabase"/>). Never skipped: without PostgreSQL it fails saying what to install.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? folder;
    private readonly string? bin;
    private readonly string baseConnection;

    private PostgresServer(string baseConnection, string? folder, string? bin, int port) =>
        (this.baseConnection, this.folder, this.bin, Port) = (baseConnection, folder, bin, port);

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a cluster of its own, or uses <c>GITRELOAD_TEST_POSTGRES</c>.</summary>
    public static async Task<PostgresServer> Start()
    {
        if (Environment.GetEnvironmentVariable("GITRELOAD_TEST_POSTGRES") is { Length: > 0 } given)
            return new PostgresServer(given, null, null, new NpgsqlConnectionStringBuilder(given).Port);

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null)
            throw new InvalidOperationException(
                "PostgreSQL is needed by these tests and was not found in /usr/lib/postgresql/*/bin: install Debian's package " +
                "(`sudo apt-get install postgresql`, or run ./test.sh as root), or set GITRELOAD_TEST_POSTGRES to a server's connection string");

        var folder = Directory.CreateTempSubdirectory("gitreload-pg-").FullName;
        var data = Path.Combine(folder, "data");
        if (AsRoot)
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await Run("chown", "postgres:postgres", folder);
        }
        await RunAsPostgres(Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
        var port = FreePort();
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", folder, bin, port);
        await server.StartCluster();
        return server;
    }

    /// <summary>A new, empty database: its connection string.</summary>
    public async Task<string> NewDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(baseConnection);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(baseConnection) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the server as an outage would (fast: open connections are cut).</summary>
    public Task Stop() => RunAsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", Data, "-m", "fast", "-w", "stop");

    /// <summary>Starts it again after <see cref="Stop"/>, on the same port.</summary>
    public Task StartCluster() => RunAsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", Data, "-l", Path.Combine(folder!, "log"), "-w", "-t", "60",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c max_connections=200", "start");

    private string Bin => bin ?? throw new InvalidOperationException("the server was given by GITRELOAD_TEST_POSTGRES: it cannot be stopped here");

    private string Data => Path.Combine(folder ?? throw new InvalidOperationException("no cluster of its own"), "data");

    public async ValueTask DisposeAsync()
    {
        if (folder is null) return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test.
        }
        Directory.Delete(folder, recursive: true);
    }

    private static bool AsRoot => Environment.UserName == "root";

    private static Task RunAsPostgres(string program, params string[] args) =>
        AsRoot ? Run("runuser", ["-u", "postgres", "--", program, .. args]) : Run(program, args);

    private static async Task Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await errors}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
