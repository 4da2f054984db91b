using System.Net;
using System.Text.Json;

namespace GitReload.Adapters.Http.Tests;

/// <summary>A hook answer as a client sees it.</summary>
internal sealed record Answer(HttpStatusCode Status, string? Msg, long? JobId)
{
    public static async Task<Answer> Of(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
            return new Answer(response.StatusCode, null, null);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return new Answer(
            response.StatusCode,
            root.GetProperty("msg").GetString(),
            root.TryGetProperty("job_id", out var id) ? id.GetInt64() : null);
    }
}
