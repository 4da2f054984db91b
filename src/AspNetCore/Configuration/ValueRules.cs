using System.Globalization;
using System.Text.Json;
using LanguageExt;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// How each kind of value is read from <see cref="SettingValues"/>: a number in a range, a path, a secret, an
/// argv list, a JSON object. Every problem names its key, its source and what was given; the reader notes
/// each one as it reads, so <see cref="Result{T}"/> gives every problem at once, in the order the keys were read.
/// </summary>
/// <remarks>
/// A read that notes a problem returns a stand-in (0, none, empty) that is never used: <see cref="Result{T}"/>
/// builds nothing once a problem is noted. This keeps the host's start from instantiating LanguageExt's
/// <c>Validation</c> once per value type and tuple shape of the configuration (hundreds of JIT-compiled
/// methods before the first answer); the result is the same <c>Validation</c> with the same problems.
/// </remarks>
public sealed class ValueRules(SettingValues values)
{
    private readonly List<ConfigProblem> noted = [];

    /// <summary>How many problems were noted so far.</summary>
    public int Noted => noted.Count;

    /// <summary>A problem with <paramref name="key"/>, naming the source that gave it.</summary>
    public ConfigProblem Problem(string key, string message) => new(key, values.SourceOf(key), message);

    /// <summary>Notes <see cref="Problem"/>.</summary>
    public void Fail(string key, string message) => noted.Add(Problem(key, message));

    /// <summary>Notes problems found elsewhere, in their order.</summary>
    public void Fail(IEnumerable<ConfigProblem> problems) => noted.AddRange(problems);

    /// <summary>What <paramref name="build"/> makes of the values read, or every problem noted, in the order the keys were read.</summary>
    public Validation<ConfigProblem, T> Result<T>(Func<T> build) => noted.Count == 0
        ? Success<ConfigProblem, T>(build())
        : Fail<ConfigProblem, T>(noted.ToArray().ToSeq());

    /// <summary>The key's text as given, else its default (<see cref="SettingKeys.Defaults"/>); a key without one reads as empty.</summary>
    public string Raw(string key) => values.Text(key).IfNone(() => SettingKeys.Defaults.GetValueOrDefault(key, ""));

    /// <summary>The key's text unless no source gives it or it is blank (unset).</summary>
    public Option<string> Given(string key) => values.Text(key).Filter(t => !string.IsNullOrWhiteSpace(t));

    /// <summary>The key's text (or default) as <paramref name="parse"/> reads it, else notes <c>KEY must be expected, got 'text'</c>.</summary>
    public T Parsed<T>(string key, Func<string, Option<T>> parse, string expected) => Parsed(key, key, parse, expected);

    /// <summary><see cref="Parsed{T}(string, Func{string, Option{T}}, string)"/> for a key people know by another <paramref name="name"/> (a flag).</summary>
    public T Parsed<T>(string key, string name, Func<string, Option<T>> parse, string expected)
    {
        var raw = Raw(key);
        var parsed = parse(raw);
        if (parsed.IsNone)
            Fail(key, $"{name} must be {expected}, got '{raw}'");
        return parsed.IfNoneUnsafe(default(T))!;
    }

    /// <summary>A whole number above zero.</summary>
    public int PositiveWhole(string key) =>
        Parsed(key, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? Some(v) : None, "a positive whole number");

    /// <summary>A (long) whole number above zero.</summary>
    public long PositiveLong(string key, string expected) =>
        Parsed(key, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? Some(v) : None, expected);

    /// <summary>A decimal number that <paramref name="fits"/>; the upper bounds keep a <see cref="TimeSpan"/> from overflowing.</summary>
    public double Number(string key, Func<double, bool> fits, string expected) =>
        Parsed(key, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && fits(v) ? Some(v) : None, expected);

    /// <summary>Any text that is not blank.</summary>
    public string Folder(string key) =>
        Parsed(key, s => string.IsNullOrWhiteSpace(s) ? None : Some(s), "a folder path") ?? "";

    /// <summary>
    /// An absolute http(s) URL; unset when blank. The problem says what is wrong without the value: a URL can hold a
    /// password or a chat webhook's key, and a token pasted into the wrong key lands here too.
    /// </summary>
    public Option<Uri> HttpUrl(string key)
    {
        var text = Given(key).Map(t => t.Trim());
        // Uri escapes a space it finds inside (a%20b) rather than refusing it: a URL pasted with one is still a mistake.
        var url = text.Bind(t => !t.Any(char.IsWhiteSpace) && Uri.TryCreate(t, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? Some(uri) : None);
        foreach (var wrong in text.Filter(_ => url.IsNone))
            Fail(key, $"{key} must be an http(s) URL, and the value given {NotHttp(wrong)} (the value is not shown: it may hold a secret)");
        return url;
    }

    private static string NotHttp(string text) =>
        !text.Contains("://", StringComparison.Ordinal) ? "has no scheme: start it with https://"
        : !text.Any(char.IsWhiteSpace) && Uri.TryCreate(text, UriKind.Absolute, out _) ? "has a scheme other than http or https"
        : "is not a URL (a space, or a character a URL cannot hold)";

    /// <summary>Unset when empty; a secret of only spaces is a mistake, not an unset secret.</summary>
    public Option<string> Secret(string key)
    {
        var text = values.Text(key).Filter(t => t.Length > 0);
        if (text.Exists(string.IsNullOrWhiteSpace))
        {
            Fail(key, $"{key} is only spaces; give the secret, or leave it out");
            return None;
        }
        return text;
    }

    /// <summary>
    /// <see cref="Secret"/> for a secret whose absence turns a protection off: set but empty (<c>KEY=</c> in a unit
    /// file, over a file that gives the secret) is a mistake, not a way to unset it; <paramref name="unset"/> says what unset means.
    /// </summary>
    public Option<string> GuardingSecret(string key, string unset)
    {
        if (values.Text(key).Exists(t => t.Length == 0))
        {
            Fail(key, $"{key} is set but empty; give the secret, or unset {key} (leave it out) if {unset} on purpose");
            return None;
        }
        return Secret(key);
    }

    /// <summary>An argv template: a JSON array of non-empty strings.</summary>
    public Option<Seq<string>> Argv(string key)
    {
        var text = Given(key);
        var items = text.Bind(t => Strings(t)).Filter(items => items.Count > 0 && !items.Exists(string.IsNullOrEmpty));
        if (text.IsSome && items.IsNone)
            Fail(key, $"{key} must be a JSON array of non-empty strings");
        return items.Map(i => i.Map(s => s!).ToSeq());
    }

    /// <summary>A JSON array's items, each null when it is not a string; none when the text is not an array.</summary>
    public static Option<List<string?>> Strings(string text) =>
        Parse(text, JsonValueKind.Array, root => root.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).ToList());

    /// <summary>A JSON object's entries in order, each value read by <paramref name="value"/>; none when the text is not an object.</summary>
    public static Option<List<KeyValuePair<string, T>>> Entries<T>(string text, Func<JsonElement, T> value) =>
        Parse(text, JsonValueKind.Object, root => root.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, value(p.Value))).ToList());

    /// <summary>A string as one item, an array's strings (null for any other item), anything else as one null.</summary>
    public static IReadOnlyList<string?> OneOrMany(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()],
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : null).ToList(),
        _ => [null],
    };

    /// <summary>A JSON value's kind in words, for a problem that says what was given instead.</summary>
    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static Option<T> Parse<T>(string text, JsonValueKind kind, Func<JsonElement, T> read)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == kind ? Some(read(json.RootElement)) : None;
        }
        catch (JsonException)
        {
            return None;
        }
    }
}
