using System.Text.Json;
using GitReload.Domain.Hooks;
using LanguageExt;
using static GitReload.Adapters.Http.Hooks.Forges.PayloadJson;

namespace GitReload.Adapters.Http.Hooks.Forges;

/// <summary>
/// A Bitbucket Cloud <c>repo:push</c> body: one entry in <c>push.changes</c> per ref moved, the
/// ref after the push in <c>new</c> (<c>null</c> when it was deleted, then named in <c>old</c>).
/// The folder name is the repository slug, the last segment of <c>repository.full_name</c>
/// (<c>workspace/slug</c>); <c>repository.name</c> is a display name, used only without it.
/// </summary>
public static class BitbucketPush
{
    /// <summary>The push the body describes, or <see cref="HookEvent.Malformed"/> saying what is missing.</summary>
    public static HookEvent Read(ReadOnlyMemory<byte> json) => PayloadJson.Read(json, Read);

    private static HookEvent Read(JsonElement root)
    {
        var repository = Object(root, "repository");
        var fullName = Text(repository, "full_name");
        var name = LastSegment(fullName) ?? Text(repository, "name");
        if (name is null)
            return new HookEvent.Malformed("Payload has no repository.full_name");
        if (Array(Object(root, "push"), "changes") is not { } changes || changes.GetArrayLength() == 0)
            return new HookEvent.Malformed("Payload has no push.changes");

        var updates = changes.EnumerateArray().Select(Update).ToSeq();
        return updates.Exists(u => u.IsNone)
            ? new HookEvent.Malformed("Payload has a push.changes entry without new.name or old.name")
            : new HookEvent.Push(new PushEvent(name, updates.Somes().ToSeq(), Optional(fullName)));
    }

    // The change as a ref update; none when it names no ref.
    private static Option<RefUpdate> Update(JsonElement change)
    {
        var created = Object(change, "new");
        if (created.ValueKind == JsonValueKind.Object)
            return Optional(Ref(created)).Map(pushed => new RefUpdate(pushed, Commit(Object(created, "target"), "hash"), false));
        return IsNull(change, "new")
            ? Optional(Ref(Object(change, "old"))).Map(removed => new RefUpdate(removed, Option<string>.None, true))
            : Option<RefUpdate>.None;
    }

    private static string? Ref(JsonElement state) => (Text(state, "type"), Text(state, "name")) switch
    {
        (_, null) => null,
        ("branch", var name) => "refs/heads/" + name,
        ("tag", var name) => "refs/tags/" + name,
        (_, var name) => name,
    };
}
