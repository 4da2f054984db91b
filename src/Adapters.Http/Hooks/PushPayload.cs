using System.ComponentModel;
using System.Text.Json.Serialization;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// What GitReload reads of a push body, in GitHub's shape (Gitea and Forgejo send the same; GitLab
/// and Bitbucket their own, see the README); every other field is ignored. It describes the hook
/// routes' body in the OpenAPI document: bodies are read as they come, never bound to it, and the
/// routes declare no <c>Accepts</c>, which would answer 415 to any other content type.
/// </summary>
/// <param name="Ref">The pushed ref, <c>refs/heads/&lt;branch&gt;</c>.</param>
/// <param name="Repository">The repository; its <c>name</c> is the checkout's folder under <c>REPODIR</c>.</param>
/// <param name="After">The pushed commit; all zeros when the branch was deleted.</param>
/// <param name="Deleted">True when the push deleted the branch.</param>
public sealed record PushPayload(
    [property: JsonPropertyName("ref"), Description("The pushed ref, refs/heads/<branch>")] string Ref,
    [property: JsonPropertyName("repository")] PushRepository Repository,
    [property: JsonPropertyName("after"), Description("The pushed commit; all zeros when the branch was deleted")] string? After = null,
    [property: JsonPropertyName("deleted"), Description("True when the push deleted the branch")] bool? Deleted = null);

/// <summary>The pushed repository.</summary>
/// <param name="Name">The checkout's folder name under <c>REPODIR</c>.</param>
/// <param name="FullName"><c>owner/name</c> on the forge: where commit statuses go.</param>
public sealed record PushRepository(
    [property: JsonPropertyName("name"), Description("The checkout's folder name under REPODIR")] string Name,
    [property: JsonPropertyName("full_name"), Description("owner/name on the forge, where commit statuses go")] string? FullName = null);
