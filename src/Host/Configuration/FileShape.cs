using System.Text.Json;
using GitReload.AspNetCore.Configuration;
using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>
/// What <c>gr.env.json</c> says beyond its values. The configuration reader turns every JSON value into text,
/// so <c>"STATE_DIR": 5</c> would quietly become a folder named <c>5</c> and a typo like <c>REPODIRR</c> would be
/// ignored: a value of the wrong JSON type is a problem, a key GitReload does not know a warning.
/// </summary>
public static class FileShape
{
    /// <summary>
    /// Problems and warnings about the file's top-level keys, in the file's order; <c>Unreadable</c>
    /// when the configuration reader would refuse the file itself (one key in two spellings).
    /// </summary>
    public static FileFindings Check(string path, JsonElement root)
    {
        // The configuration reader refuses a file that is not one object, in its own words.
        if (root.ValueKind != JsonValueKind.Object)
            return FileFindings.None;

        var problems = new List<ConfigProblem>();
        var warnings = new List<string>();
        var json = new Dictionary<string, string>();
        // Keys are read ignoring case, as the environment's are: repodir is REPODIR.
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in root.EnumerateObject())
        {
            if (!seen.TryAdd(entry.Name, entry.Name))
            {
                problems.Add(new ConfigProblem(seen[entry.Name], path, $"{seen[entry.Name]} and {entry.Name}{SameKey}"));
                continue;
            }
            var known = Keys.Printed.FirstOrDefault(k => string.Equals(k, entry.Name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
                warnings.Add($"{path}: unknown key {entry.Name} is ignored{Nearest(entry.Name).Match(k => $"; did you mean {k}?", () => "")}");
            else
            {
                var expected = Expected(known, entry.Value.ValueKind);
                problems.AddRange(expected.Map(e => new ConfigProblem(known, path, $"{known} must be {e}, got {ValueRules.Kind(entry.Value.ValueKind)}")));
                // The reader would turn {"course": true} into the text "True": the rules read the JSON itself.
                // An empty list or object is unset, as the reader has it.
                if (expected.IsNone && entry.Value.ValueKind is (JsonValueKind.Object or JsonValueKind.Array) && !IsEmpty(entry.Value))
                    json[known] = entry.Value.GetRawText();
            }
        }
        return new FileFindings(problems.ToSeq(), warnings.ToSeq(), Unreadable: problems.Exists(p => p.Message.EndsWith(SameKey, StringComparison.Ordinal))) { Json = json };
    }

    private const string SameKey = " name the same key (keys are read ignoring case); keep one";

    // What the key takes, when the value's kind is not it; none when the kind is right. JSON null means unset.
    private static readonly Option<string> Fits = Option<string>.None;

    private static Option<string> Expected(string key, JsonValueKind kind) => kind == JsonValueKind.Null
        ? Fits
        : SettingKeys.Lists.Contains(key)
            ? kind is JsonValueKind.Array or JsonValueKind.String ? Fits : "a JSON array of strings"
        : SettingKeys.Maps.Contains(key)
            ? kind is JsonValueKind.Object or JsonValueKind.String ? Fits : "a JSON object"
        : SettingKeys.Numbers.Contains(key)
            ? kind is JsonValueKind.Number or JsonValueKind.String ? Fits : "a number"
            : kind == JsonValueKind.String ? Fits : "a string";

    private static bool IsEmpty(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() == 0 : !value.EnumerateObject().Any();

    // The known key a typo most likely meant, ignoring case.
    private static Option<string> Nearest(string key) => Spelling.Nearest(key.ToUpperInvariant(), Keys.Printed);
}

/// <summary>What <see cref="FileShape"/> found in a configuration file.</summary>
/// <param name="Problems">Each stops the start, naming the file and the key.</param>
/// <param name="Warnings">Keys GitReload ignores.</param>
/// <param name="Unreadable">The file cannot be read as configuration at all (not JSON, or one key twice): nothing else is worth saying.</param>
public sealed record FileFindings(Seq<ConfigProblem> Problems, Seq<string> Warnings, bool Unreadable)
{
    /// <summary>The JSON text of each known key the file gives as an object or an array, by the key's name.</summary>
    public IReadOnlyDictionary<string, string> Json { get; init; } = new Dictionary<string, string>();

    /// <summary>Nothing found.</summary>
    public static readonly FileFindings None = new(Prelude.Empty, Prelude.Empty, false);
}
