using System.Text.Json;
using System.Text.Json.Serialization;
using GitReload.Tests.Shared;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitReload.Host.Tests;

public sealed class JsonOptionsTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task Objects_json_contract_is_generated_so_building_the_endpoints_needs_no_reflection_resolver_and_other_types_resolve_as_before()
    {
        await using var host = await RunningHost.Start(Some.Settings(git.RepoDir, new StubPython(git.Root)));
        var options = host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        Assert.IsAssignableFrom<JsonSerializerContext>(options.GetTypeInfo(typeof(object)).OriginatingResolver);
        Assert.IsNotAssignableFrom<JsonSerializerContext>(options.GetTypeInfo(typeof(Uri)).OriginatingResolver);
        Assert.Equal("{\"name\":\"x\"}", JsonSerializer.Serialize((object)new { Name = "x" }, options));
    }
}
