using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>Posts a JSON body with HttpClient and says how it went; the forges without an SDK here share it.</summary>
internal static class HttpStatusApi
{
    public static async Task<Delivered> Post(HttpClient http, Uri url, Action<HttpRequestMessage> authorize, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, StatusJson.Default.JsonObject) };
            authorize(request);
            using var response = await http.SendAsync(request, cancellationToken);
            return Delivered.FromStatus((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException)
        {
            return Delivered.FromException(e);
        }
    }

    public static Uri Under(Uri api, string path) => new($"{api.AbsoluteUri.TrimEnd('/')}/{path}");
}

/// <summary>The status bodies' JSON contract, generated at compile time: nothing of it is looked up by reflection, so a trimmed build writes the same bytes.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class StatusJson : JsonSerializerContext;
