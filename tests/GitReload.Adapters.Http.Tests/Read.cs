using System.Text;
using System.Text.Json.Nodes;
using GitReload.Adapters.Http.Hooks;
using GitReload.Domain.Hooks;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Runs <see cref="HookReader"/> on a delivery without a server.</summary>
internal static class Read
{
    public static Delivery Delivery(IDictionary<string, string> headers, byte[] body, string contentType = "application/json")
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
            dictionary[name] = value;
        return HookReader.Read(dictionary, contentType, body).GetAwaiter().GetResult();
    }

    public static Delivery Delivery(IDictionary<string, string> headers, string body) => Delivery(headers, Encoding.UTF8.GetBytes(body));

    /// <summary>The payload file, with fields changed.</summary>
    public static string Changed(string file, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(Payloads.Text(file))!.AsObject();
        change(json);
        return json.ToJsonString();
    }
}
