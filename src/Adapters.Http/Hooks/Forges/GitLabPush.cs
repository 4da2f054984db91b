using System.Text.Json;
using GitReload.Domain.Hooks;
using static GitReload.Adapters.Http.Hooks.Forges.PayloadJson;

namespace GitReload.Adapters.Http.Hooks.Forges;

/// <summary>
/// A GitLab <c>Push Hook</c> or <c>Tag Push Hook</c> body. The folder name is the project's URL
/// slug, the last segment of <c>project.path_with_namespace</c> (what <c>git clone</c> names the
/// folder); <c>project.name</c> is a display name that may hold spaces and capitals. Payloads of
/// GitLab before 8.5 only have <c>repository.name</c>, used when there is no project path.
/// </summary>
public static class GitLabPush
{
    private const string Tags = "refs/tags/";

    /// <summary>A <c>Push Hook</c>: a branch was pushed, created or deleted.</summary>
    public static HookEvent ReadBranchPush(ReadOnlyMemory<byte> json) => PayloadJson.Read(json, root => Read(root, tag: false));

    /// <summary>A <c>Tag Push Hook</c>: always a tag, whatever <c>ref</c> says.</summary>
    public static HookEvent ReadTagPush(ReadOnlyMemory<byte> json) => PayloadJson.Read(json, root => Read(root, tag: true));

    private static HookEvent Read(JsonElement root, bool tag)
    {
        var pathWithNamespace = Text(Object(root, "project"), "path_with_namespace");
        var name = LastSegment(pathWithNamespace) ?? Text(Object(root, "repository"), "name");
        var gitRef = Text(root, "ref");
        if (name is null)
            return new HookEvent.Malformed("Payload has no project.path_with_namespace");
        if (gitRef is null)
            return new HookEvent.Malformed("Payload has no ref");

        // Older GitLab's "Test > Tag push events" button sends a branch push (gitlab-org/gitlab#277356); a tag hook must never move a branch.
        var pushed = tag && !gitRef.StartsWith(Tags, StringComparison.Ordinal) ? Tags + gitRef : gitRef;
        return new HookEvent.Push(PushEvent.Single(
            name, pushed, Commit(root, "after"), IsNull(root, "checkout_sha"), Optional(pathWithNamespace)));
    }
}
