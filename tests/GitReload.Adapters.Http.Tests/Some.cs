using System.Text.Json.Nodes;
using GitReload.Tests.Shared;

namespace GitReload.Adapters.Http.Tests;

internal static class Some
{
    /// <summary>The checkout every fixture names.</summary>
    public const string Repo = "Hello-World";

    /// <summary>The fixture push to master, with fields changed.</summary>
    public static string PushToMaster(Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(Fixtures.PushToMaster)!.AsObject();
        change?.Invoke(json);
        return json.ToJsonString();
    }

    public static string PushNamed(string name) => PushToMaster(j => j["repository"]!["name"] = name);
}
