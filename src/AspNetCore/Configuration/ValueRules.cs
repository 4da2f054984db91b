using System.Globalization;
using System.Text.Json;
using LanguageExt;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// How each kind of value is read from <see cref="SettingValues"/>: a number in a range, a path, a secret, an
/// argv list, a JSON object. Every problem names its key, its source and what was given.
/// </summary>
public sealed class ValueRules(SettingValues values)
{
    /// <summary>A problem with <paramref name="key"/>, naming the source that gave it.</summary>
    public ConfigProblem Problem(string key, string message) => new(key, values.SourceOf(key), message);

    /// <summary><see cref="Problem"/> as a failed validation.</summary>
    public Validation<ConfigProblem, T> Fail<T>(string key, string message) => Fail<ConfigProblem, T>(Problem(key, message));

    /// <summary>The key's text as given, else its default (<see cref="SettingKeys.Defaults"/>); a key without one reads as empty.</summary>
    public string Raw(string key) => values.Text(key).IfNone(() => SettingKeys.Defaults.GetValueOrDefault(key, ""));

    /// <summary>The key's text unless no source gives it or it is blank (unset).</summary>
    public Option<string> Given(string key) => values.Text(key).Filter(t => !string.IsNullOrWhiteSpace(t));

    /// <summary>The key's text (or default) as <paramref name="parse"/> reads it, else <c>KEY must be expected, got 'text'</c>.</summary>
    public Validation<ConfigProblem, T> Parsed<T>(string key, Func<string, Option<T>> parse, string expected) => Parsed(key, key, parse, expected);

    /// <summary><see cref="Parsed{T}(string, Func{string, Option{T}}, string)"/> for a key people know by another <paramref name="name"/> (a flag).</summary>
    public Validation<ConfigProblem, T> Parsed<T>(string key, string name, Func<string, Option<T>> parse, string expected)
    {
        var raw = Raw(key);
        return parse(raw).Match(Some: v => Success<ConfigProblem, T>(v), None: () => Fail<T>(key, $"{name} must be {expected}, got '{raw}'"));
    }

    /// <summary>A whole number above zero.</summary>
    public Validation<ConfigProblem, int> PositiveWhole(string key) =>
        Parsed(key, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? Some(v) : None, "a positive whole number");

    /// <summary>A (long) whole number above zero.</summary>
    public Validation<ConfigProblem, long> PositiveLong(string key, string expected) =>
        Parsed(key, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? Some(v) : None, expected);

    /// <summary>A decimal number that <paramref name="fits"/>; the upper bounds keep a <see cref="TimeSpan"/> from overflowing.</summary>
    public Validation<ConfigProblem, double> Number(string key, Func<double, bool> fits, string expected) =>
        Parsed(key, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && fits(v) ? Some(v) : None, expected);

    /// <summary>Any text that is not blank.</summary>
    public Validation<ConfigProblem, string> Folder(string key) =>
        Parsed(key, s => string.IsNullOrWhiteSpace(s) ? None : Some(s), "a folder path");

    /// <summary>An absolute http(s) URL; unset when blank.</summary>
    public Validation<ConfigProblem, Option<Uri>> HttpUrl(string key) => Given(key).Map(t => t.Trim()).Match(
        Some: text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Success<ConfigProblem, Option<Uri>>(Some(uri))
            : Fail<Option<Uri>>(key, $"{key} must be an http(s) URL, got '{Raw(key)}'"),
        None: () => Success<ConfigProblem, Option<Uri>>(None));

    /// <summary>Unset when empty; a secret of only spaces is a mistake, not an unset secret.</summary>
    public Validation<ConfigProblem, Option<string>> Secret(string key) => values.Text(key).Filter(t => t.Length > 0).Match(
        Some: text => string.IsNullOrWhiteSpace(text)
            ? Fail<Option<string>>(key, $"{key} is only spaces; give the secret, or leave it out")
            : Success<ConfigProblem, Option<string>>(Some(text)),
        None: () => Success<ConfigProblem, Option<string>>(None));

    /// <summary>An argv template: a JSON array of non-empty strings.</summary>
    public Validation<ConfigProblem, Option<Seq<string>>> Argv(string key) => Given(key).Match(
        Some: text => Strings(text).Filter(items => items.Count > 0 && !items.Exists(string.IsNullOrEmpty)).Match(
            Some: items => Success<ConfigProblem, Option<Seq<string>>>(Some(items.Map(i => i!).ToSeq())),
            None: () => Fail<Option<Seq<string>>>(key, $"{key} must be a JSON array of non-empty strings")),
        None: () => Success<ConfigProblem, Option<Seq<string>>>(None));

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
