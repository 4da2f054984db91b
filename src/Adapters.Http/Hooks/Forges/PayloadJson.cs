using System.Text.Json;
using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Adapters.Http.Hooks.Forges;

/// <summary>What every forge parser shares: parsing the body safely and reading fields that may be missing or of the wrong type.</summary>
public static class PayloadJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Parses <paramref name="json"/> and hands its root object to <paramref name="read"/>; bodies that are not one JSON object are <see cref="HookEvent.Malformed"/>.</summary>
    public static HookEvent Read(ReadOnlyMemory<byte> json, Func<JsonElement, HookEvent> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? read(document.RootElement)
                : new HookEvent.Malformed("Payload is not a JSON object");
        }
        catch (JsonException)
        {
            return new HookEvent.Malformed("Body is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // JSON escapes can spell a lone UTF-16 surrogate, which no .NET string read from the document may hold.
            return new HookEvent.Malformed("Payload has text that is not valid Unicode");
        }
    }

    /// <summary>The object at <paramref name="property"/>, or an undefined element when it is missing or not an object.</summary>
    public static JsonElement Object(JsonElement parent, string property) =>
        Property(parent, property, JsonValueKind.Object) ?? default;

    /// <summary>The array at <paramref name="property"/>, when there is one.</summary>
    public static JsonElement? Array(JsonElement parent, string property) => Property(parent, property, JsonValueKind.Array);

    /// <summary>The string at <paramref name="property"/>, or null when it is missing or not a string.</summary>
    public static string? Text(JsonElement parent, string property) =>
        Property(parent, property, JsonValueKind.String)?.GetString();

    /// <summary>The commit at <paramref name="property"/>: none when it is missing, not a string, or empty (the forge named no commit).</summary>
    public static Option<string> Commit(JsonElement parent, string property) =>
        Text(parent, property) is { Length: > 0 } sha ? Option<string>.Some(sha) : Option<string>.None;

    /// <summary>True only when <paramref name="property"/> is the JSON literal <c>true</c>.</summary>
    public static bool IsTrue(JsonElement parent, string property) => Property(parent, property, JsonValueKind.True) is not null;

    /// <summary>True when <paramref name="property"/> is present and <c>null</c>.</summary>
    public static bool IsNull(JsonElement parent, string property) => Property(parent, property, JsonValueKind.Null) is not null;

    /// <summary>The last segment of an <c>owner/name</c> path: the URL slug, which is also the folder <c>git clone</c> makes.</summary>
    public static string? LastSegment(string? path) => path?[(path.LastIndexOf('/') + 1)..];

    /// <summary>None for null.</summary>
    public static Option<string> Optional(string? value) => value is null ? Option<string>.None : Option<string>.Some(value);

    private static JsonElement? Property(JsonElement parent, string property, JsonValueKind kind) =>
        parent.ValueKind == JsonValueKind.Object
        && parent.TryGetProperty(property, out var value)
        && value.ValueKind == kind
            ? value
            : null;
}
