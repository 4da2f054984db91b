using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>Turns a forge's HTTP delivery into the domain's <see cref="HookEvent"/>.</summary>
public static class HookReader
{
    private static readonly (Forge Forge, string EventHeader, string DeliveryHeader)[] Forges =
    [
        (Forge.Forgejo, "X-Forgejo-Event", "X-Forgejo-Delivery"),
        (Forge.Gitea, "X-Gitea-Event", "X-Gitea-Delivery"),
        (Forge.GitHub, "X-GitHub-Event", "X-GitHub-Delivery"),
    ];

    /// <summary>Reads the forge, delivery id and event from the headers and, for a push, the body (JSON, or a form with the JSON in <c>payload</c>).</summary>
    public static async Task<Delivery> Read(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        var (forge, eventHeader, deliveryHeader) = Forges.FirstOrDefault(f => headers.ContainsKey(f.EventHeader));
        var eventName = eventHeader is null ? "" : headers[eventHeader].ToString();
        var id = deliveryHeader is null || string.IsNullOrEmpty(headers[deliveryHeader]) ? Option<string>.None : Option<string>.Some(headers[deliveryHeader].ToString());
        HookEvent hook = eventName switch
        {
            "ping" => new HookEvent.Ping(),
            "push" => await ReadPushBody(contentType, body),
            _ => new HookEvent.Unhandled(eventName),
        };
        return new Delivery(forge, id, hook);
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
