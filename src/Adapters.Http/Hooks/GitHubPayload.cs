using System.Text.Json;
using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>Reads a push body in GitHub's shape, which Gitea and Forgejo share.</summary>
public static class GitHubPayload
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>The push the body describes, or <see cref="HookEvent.Malformed"/> saying what is missing.</summary>
    public static HookEvent ReadPush(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return ReadPush(document.RootElement);
        }
        catch (JsonException)
        {
            return new HookEvent.Malformed("Body is not valid JSON");
        }
    }

    private static HookEvent ReadPush(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return new HookEvent.Malformed("Payload is not a JSON object");

        var repository = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object
            ? repo
            : default;
        var name = Text(repository, "name");
        var gitRef = Text(root, "ref");
        if (name is null)
            return new HookEvent.Malformed("Payload has no repository.name");
        if (gitRef is null)
            return new HookEvent.Malformed("Payload has no ref");

        return new HookEvent.Push(PushEvent.Single(
            name,
            gitRef,
            Text(root, "after") ?? "",
            root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True,
            Optional(Text(repository, "full_name"))));
    }

    private static string? Text(JsonElement parent, string property) =>
        parent.ValueKind == JsonValueKind.Object
        && parent.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static Option<string> Optional(string? value) => value is null ? Option<string>.None : Option<string>.Some(value);
}
