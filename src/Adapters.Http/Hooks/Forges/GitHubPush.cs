using System.Text.Json;
using GitReload.Domain.Hooks;
using static GitReload.Adapters.Http.Hooks.Forges.PayloadJson;

namespace GitReload.Adapters.Http.Hooks.Forges;

/// <summary>
/// A push body in GitHub's shape, which Gitea and Forgejo share: one <c>ref</c>, <c>after</c>,
/// <c>deleted</c> (Gitea and Forgejo leave it out and send <c>after</c> all zeros) and
/// <c>repository.name</c>, the folder name.
/// </summary>
public static class GitHubPush
{
    /// <summary>The push the body describes, or <see cref="HookEvent.Malformed"/> saying what is missing.</summary>
    public static HookEvent Read(ReadOnlyMemory<byte> json) => PayloadJson.Read(json, Read);

    private static HookEvent Read(JsonElement root)
    {
        var repository = Object(root, "repository");
        var name = Text(repository, "name");
        var gitRef = Text(root, "ref");
        if (name is null)
            return new HookEvent.Malformed("Payload has no repository.name");
        if (gitRef is null)
            return new HookEvent.Malformed("Payload has no ref");

        return new HookEvent.Push(PushEvent.Single(
            name, gitRef, Commit(root, "after"), IsTrue(root, "deleted"), Optional(Text(repository, "full_name"))));
    }
}
