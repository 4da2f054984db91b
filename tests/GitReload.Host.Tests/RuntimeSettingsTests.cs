using System.Text.Json;

namespace GitReload.Host.Tests;

/// <summary>
/// The runtime settings the host ships with, as <c>dotnet run</c>, the tool and the benchmarks read them
/// from <c>GitReload.Host.runtimeconfig.json</c>: docs/BENCHMARKS.md measured memory with these.
/// </summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "GitReload.Host.runtimeconfig.json")));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void The_host_runs_without_dynamic_PGO_so_a_hot_method_is_not_compiled_a_third_time()
    {
        Assert.True(ConfigProperties().TryGetProperty("System.Runtime.TieredPGO", out var pgo), "TieredPGO is not set in the host's runtimeconfig");
        Assert.False(pgo.GetBoolean());
    }
}
