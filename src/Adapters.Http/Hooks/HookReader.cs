using GitReload.Domain.Hooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>Turns a forge's HTTP delivery into the domain's <see cref="HookEvent"/>.</summary>
public static class HookReader
{
    private static readonly string[] EventHeaders = ["X-GitHub-Event", "X-Gitea-Event", "X-Forgejo-Event"];

    /// <summary>Reads the event from the headers and, for a push, the body (JSON, or a form with the JSON in <c>payload</c>).</summary>
    public static async Task<HookEvent> Read(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        var eventName = EventHeaders.Select(h => headers[h].ToString()).FirstOrDefault(v => v.Length > 0) ?? "";
        return eventName switch
        {
            "ping" => new HookEvent.Ping(),
            "push" => await ReadPushBody(contentType, body),
            _ => new HookEvent.Unhandled(eventName),
        };
    }

    private static async Task<HookEvent> ReadPushBody(string? contentType, ReadOnlyMemory<byte> body)
    {
        if (!IsForm(contentType))
            return GitHubPayload.ReadPush(body);

        using var stream = new MemoryStream(body.ToArray(), writable: false);
        var form = await new FormReader(stream).ReadFormAsync();
        return form.TryGetValue("payload", out var payload) && payload.ToString().Length > 0
            ? GitHubPayload.ReadPush(System.Text.Encoding.UTF8.GetBytes(payload.ToString()))
            : new HookEvent.Malformed("Form body has no payload field");
    }

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
