using GitReload.Tests.Shared;
using Npgsql;

namespace GitReload.Host.Tests;

/// <summary>What an operator of a fleet runs by hand, against real gitreload processes and a real PostgreSQL.</summary>
public sealed class FleetOperatorTests(FleetDatabase database) : IClassFixture<FleetDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempGit git = new();
    private string journal = "";

    public async Task InitializeAsync()
    {
        journal = await database.Server.NewDatabase();
        git.Clone("course");
    }

    public Task DisposeAsync()
    {
        git.Dispose();
        return Task.CompletedTask;
    }

    private Dictionary<string, string> Environment(string host) => new()
    {
        ["REPODIR"] = git.RepoDir,
        ["JOURNAL_URL"] = journal,
        ["HOST_ID"] = host,
        ["LOG_LEVEL"] = "warning",
    };

    private async Task<FleetEndToEndTests.Member> Live(string host)
    {
        var member = await FleetEndToEndTests.Member.Start(git.Root, Environment(host));
        await RunningHost.WaitFor(async () => (await member.Hosts()).Any(h => h.GetProperty("host").GetString() == host), Patience);
        return member;
    }

    [Fact]
    public async Task Fleet_forget_without_JOURNAL_URL_refuses_in_one_line_and_makes_no_journal()
    {
        var (code, output, errors) = await GitReloadProcess.Run(git.Root, new() { ["REPODIR"] = git.RepoDir }, "fleet", "forget", "host2");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gitreload: fleet forget needs the fleet's JOURNAL_URL (in the environment or gr.env.json)", line);
        Assert.Empty(Directory.EnumerateFiles(git.Root, "journal.db*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Fleet_forget_with_the_fleet_s_JOURNAL_URL_retires_a_stopped_host()
    {
        await using (await Live("host-gone")) { }

        var (code, output, errors) = await GitReloadProcess.Run(git.Root, Environment("operator"), "fleet", "forget", "host-gone");

        Assert.True(code == 0, errors);
        Assert.StartsWith("Host host-gone retired from the fleet", output);
    }

    [Fact]
    public async Task Check_config_warns_when_a_live_host_already_has_this_HOST_ID_and_not_once_it_stopped()
    {
        var running = await Live("host-a");

        var same = await GitReloadProcess.Run(git.Root, Environment("host-a"), "check-config");
        var other = await GitReloadProcess.Run(git.Root, Environment("host-b"), "check-config");
        await running.DisposeAsync();
        var stopped = await GitReloadProcess.Run(git.Root, Environment("host-a"), "check-config");

        var warning = Assert.Single(same.Errors.Split('\n'), l => l.StartsWith("warning: HOST_ID", StringComparison.Ordinal));
        Assert.Matches(@"^warning: HOST_ID host-a is live in the fleet: a host with it was last seen at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+ s ago\)", warning);
        Assert.DoesNotContain("warning: HOST_ID", other.Errors);
        Assert.DoesNotContain("warning: HOST_ID", stopped.Errors);
        Assert.Equal((0, 0), (other.ExitCode, stopped.ExitCode));
    }

    [Fact]
    public async Task Each_host_s_connections_are_named_for_it_in_pg_stat_activity()
    {
        await using var running = await Live("host-a");
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(journal) { ApplicationName = "the test", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var names = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var seen = new List<string>();
        await using (var rows = await names.ExecuteReaderAsync())
            while (await rows.ReadAsync()) seen.Add(rows.GetString(0));

        Assert.NotEmpty(seen);
        Assert.All(seen, name => Assert.Equal("gitreload host-a", name));
    }
}
