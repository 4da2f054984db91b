using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Http.Tests;

/// <summary>Generators of hostile input: names, JSON of any shape and depth, and deliveries with one thing broken.</summary>
internal static class Hostile
{
    /// <summary>Every reason a push body is refused with; anything else is a defect.</summary>
    public static readonly HashSet<string> MalformedReasons =
    [
        "Body is not valid JSON", "Payload is not a JSON object", "Payload has no repository.name", "Payload has no ref",
        "Payload has no project.path_with_namespace", "Payload has no repository.full_name", "Payload has no push.changes",
        "Payload has a push.changes entry without new.name or old.name", "Form body has no payload field", "Form body cannot be read",
        "Payload has text that is not valid Unicode",
    ];

    /// <summary>Each forge's push headers with its fixture.</summary>
    public static readonly (string Name, Func<Dictionary<string, string>> Headers, string Body)[] Deliveries =
    [
        ("GitHub", () => ForgeHeaders.GitHub("push", Guid.NewGuid().ToString()), GitReload.Tests.Shared.Fixtures.PushToMaster),
        ("Gitea", () => ForgeHeaders.Gitea("push", Guid.NewGuid().ToString()), Payloads.Text(Payloads.GiteaPush)),
        ("Forgejo", () => ForgeHeaders.Forgejo("push", Guid.NewGuid().ToString()), Payloads.Text(Payloads.ForgejoPush)),
        ("GitLab", () => ForgeHeaders.GitLab("Push Hook", Guid.NewGuid().ToString()), Payloads.Text(Payloads.GitLabPush)),
        ("GitLab tag", () => ForgeHeaders.GitLab("Tag Push Hook", Guid.NewGuid().ToString()), Payloads.Text(Payloads.GitLabTagPush)),
        ("Bitbucket", () => ForgeHeaders.Bitbucket("repo:push", Guid.NewGuid().ToString()), Payloads.Text(Payloads.BitbucketTwoChanges)),
        ("Bitbucket deletion", () => ForgeHeaders.Bitbucket("repo:push", Guid.NewGuid().ToString()), Payloads.Text(Payloads.BitbucketBranchDeleted)),
    ];

    private static readonly string[] FieldNames =
    [
        "ref", "after", "deleted", "repository", "name", "full_name", "project", "path_with_namespace", "checkout_sha",
        "push", "changes", "new", "old", "type", "target", "hash",
    ];

    /// <summary>Names with separators, dots, control and unicode characters, lone surrogates, or very long.</summary>
    public static readonly Gen<string> Name = Gen.Frequency(
        (3, Gen.String),
        (2, Gen.OneOf(Gen.Const(".."), Gen.Const("."), Gen.Const(""), Gen.Const("a/b"), Gen.Const("a\\b"), Gen.Const("master"), Gen.Const("Hello-World"))),
        (2, Gen.Char.Array[0, 20].Select(c => new string(c))),
        (2, Gen.OneOf(Gen.Const("\u0000"), Gen.Const("\u202e"), Gen.Const("\ud800"), Gen.Const("\U0001F600"), Gen.Const("名前"), Gen.Const("\r\n"))),
        (1, Gen.Int[1_000, 300_000].Select(n => new string('x', n))));

    /// <summary>A JSON value as text, nested up to <paramref name="depth"/> levels, its objects using the field names the parsers read.</summary>
    public static Gen<string> Json(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Long.Select(n => n.ToString()), Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R") : "1e308"),
            Name.Select(s => JsonSerializer.Serialize(s)), Gen.Const("\"\\ud800\""), Gen.Const("\"0000000000000000000000000000000000000000\""));
        if (depth == 0)
            return scalar;
        var inner = Json(depth - 1);
        var key = Gen.Frequency((4, Gen.OneOf(FieldNames.Select(Gen.Const).ToArray())), (1, Gen.String.Select(s => s)));
        var array = inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
        var obj = Gen.Select(key, inner).Array[0, 5].Select(fields => "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}");
        return Gen.Frequency((3, scalar), (1, array), (2, obj));
    }

    /// <summary>Arrays or objects nested deeper than any parser allows.</summary>
    public static readonly Gen<string> DeepJson = Gen.Select(Gen.Int[65, 20_000], Gen.Bool)
        .Select((depth, arrays) => arrays
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"repository\":", depth)) + "1" + new string('}', depth));

    /// <summary><paramref name="json"/> with one value, anywhere in it, replaced by a JSON value of any type.</summary>
    public static Gen<string> OneFieldSwapped(string json) => Gen.Select(Gen.Int[0, int.MaxValue], Json(2))
        .Select((pick, replacement) =>
        {
            const string Placeholder = "@@swapped-7f3a@@";
            var root = JsonNode.Parse(json)!;
            var slots = Slots(root).ToArray();
            var (parent, key) = slots[pick % slots.Length];
            if (parent is JsonObject o)
                o[(string)key] = Placeholder;
            else
                ((JsonArray)parent)[(int)key] = Placeholder;
            return root.ToJsonString().Replace("\"" + Placeholder + "\"", replacement, StringComparison.Ordinal);
        });

    /// <summary>False for strings holding a lone UTF-16 surrogate, which cannot be written as UTF-8.</summary>
    public static bool IsValidUnicode(string text)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The bytes of <paramref name="body"/> flipped, truncated or spliced.</summary>
    public static Gen<byte[]> Damaged(byte[] body) => Gen.OneOf(
        Gen.Select(Gen.Int[0, body.Length - 1].Array[1, 8], Gen.Byte.Array[8]).Select((at, with) =>
        {
            var copy = (byte[])body.Clone();
            for (var i = 0; i < at.Length; i++)
                copy[at[i]] = with[i];
            return copy;
        }),
        Gen.Int[0, body.Length].Select(n => body[..n]),
        Gen.Select(Gen.Int[0, body.Length], Gen.Byte.Array[0, 64]).Select((at, bytes) => (byte[])[.. body[..at], .. bytes, .. body[at..]]));

    /// <summary>Any push event, as a parser could produce it.</summary>
    public static readonly Gen<HookEvent> Event = Gen.Frequency(
        (1, Gen.Const<HookEvent>(new HookEvent.Ping())),
        (1, Gen.String.Select(s => (HookEvent)new HookEvent.Unhandled(s))),
        (1, Gen.String.Select(s => (HookEvent)new HookEvent.Malformed(s))),
        (6, Gen.Select(Name, Update.Array[0, 4], Gen.Bool).Select((name, updates, hasFullName) =>
            (HookEvent)new HookEvent.Push(new PushEvent(name, updates.ToSeq(), hasFullName ? "owner/" + name : LanguageExt.Option<string>.None)))));

    private static Gen<RefUpdate> Update => Gen.Select(
        Gen.Frequency((3, Gen.OneOf(Gen.Const("refs/heads/master"), Gen.Const("refs/tags/master"), Gen.Const("refs/heads/"))), (2, Name.Select(n => "refs/heads/" + n)), (1, Name)),
        Gen.OneOf(Gen.Const(LanguageExt.Option<string>.None), Gen.OneOf(Gen.Const(RefUpdate.ZeroSha), Gen.Const("6113728f27ae82c7b1a177c8d03f9e96e0adf246"), Gen.String).Select(LanguageExt.Option<string>.Some)),
        Gen.Bool).Select((r, after, deleted) => new RefUpdate(r, after, deleted));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<(JsonNode Parent, object Key)> Slots(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [(o, (object)p.Key)] : Slots(p.Value).Prepend((o, p.Key))),
        JsonArray a => a.SelectMany((v, i) => v is null ? [(a, (object)i)] : Slots(v).Prepend((a, i))),
        _ => [],
    };
}
