using GitReload.Adapters.Http.Hooks.Forges;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>Turns a forge's HTTP delivery into the domain's <see cref="HookEvent"/>.</summary>
public static class HookReader
{
    // Most specific first: Forgejo also sends X-Gitea-Event, and both also send X-GitHub-Event and X-Gogs-Event.
    private static readonly (Forge Forge, string EventHeader, string DeliveryHeader)[] Forges =
    [
        (Forge.Forgejo, "X-Forgejo-Event", "X-Forgejo-Delivery"),
        (Forge.Gitea, "X-Gitea-Event", "X-Gitea-Delivery"),
        (Forge.GitLab, "X-Gitlab-Event", "X-Gitlab-Event-UUID"),
        (Forge.Bitbucket, "X-Event-Key", "X-Request-UUID"),
        (Forge.GitHub, "X-GitHub-Event", "X-GitHub-Delivery"),
    ];

    /// <summary>The forge that sent a delivery and its delivery id, from the headers alone.</summary>
    public static (Forge Forge, Option<string> Id) Sender(IHeaderDictionary headers)
    {
        var (forge, eventHeader, deliveryHeader) = Forges.FirstOrDefault(f => headers.ContainsKey(f.EventHeader));
        var id = deliveryHeader is null || string.IsNullOrEmpty(headers[deliveryHeader]) ? Option<string>.None : Option<string>.Some(headers[deliveryHeader].ToString());
        return (eventHeader is null ? Forge.Unknown : forge, id);
    }

    /// <summary>Reads the forge, delivery id and event from the headers and, for a push, the body (JSON, or a form with the JSON in <c>payload</c>).</summary>
    public static Task<Delivery> Read(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        var (forge, eventHeader, _) = Forges.FirstOrDefault(f => headers.ContainsKey(f.EventHeader));
        var (_, id) = Sender(headers);
        var eventName = eventHeader is null ? "" : headers[eventHeader].ToString();
        var hook = PushReader(forge, eventName) is { } read
            ? IsForm(contentType) ? FormPayload.Read(body.Span, read) : read(body)
            : forge == Forge.GitHub && eventName == "ping" ? new HookEvent.Ping() : new HookEvent.Unhandled(eventName);
        return Task.FromResult(new Delivery(forge, id, hook));
    }

    // GitLab system hooks are not read: they fire for every project of the instance, and each one not cloned here would be a 500.
    private static Func<ReadOnlyMemory<byte>, HookEvent>? PushReader(Forge forge, string eventName) => (forge, eventName) switch
    {
        (Forge.GitHub or Forge.Gitea or Forge.Forgejo, "push") => GitHubPush.Read,
        (Forge.GitLab, "Push Hook") => GitLabPush.ReadBranchPush,
        (Forge.GitLab, "Tag Push Hook") => GitLabPush.ReadTagPush,
        (Forge.Bitbucket, "repo:push") => BitbucketPush.Read,
        _ => null,
    };

    private static bool IsForm(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
