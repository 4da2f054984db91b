using System.Text;
using System.Text.Json;
using LanguageExt;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// What one configuration gives for each key, as text, before any rule: lists and maps as JSON text (the
/// form the environment gives them in), with the name of the source each value came from.
/// </summary>
/// <param name="Text">The key's text; none when no source gives the key.</param>
/// <param name="SourceOf">Where the key's value came from, as a person names it (a file, <c>environment</c>, a section).</param>
public sealed record SettingValues(Func<string, Option<string>> Text, Func<string, string> SourceOf)
{
    /// <summary>
    /// The keys of <paramref name="configuration"/> (a root or a section): an array or object below a list or map
    /// key, or JSON text in its value; text that is not blank wins over what is below it.
    /// </summary>
    public static SettingValues Of(IConfiguration configuration, Func<string, string> sourceOf) =>
        new(key => TextOf(configuration.GetSection(key), SettingKeys.Lists.Contains(key)), sourceOf);

    private static Option<string> TextOf(IConfigurationSection section, bool list)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
            return section.Value;
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return Optional(section.Value);
        return list
            ? Json.Array(Items(children))
            : Json.Object(children.Select(c => c.GetChildren().Any() ? (c.Key, (string?)null, Items(c.GetChildren()).ToList()) : (c.Key, c.Value, (IReadOnlyList<string?>?)null)));
    }

    // The configuration reader keeps an array's items under the keys 0, 1, ...
    private static IEnumerable<string?> Items(IEnumerable<IConfigurationSection> children) =>
        children.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value);

    /// <summary>Lists and maps written as the JSON text the rules read.</summary>
    internal static class Json
    {
        public static string Array(IEnumerable<string?> items) => Write(w => WriteArray(w, items));

        /// <summary>An object whose entries are each a string (<c>One</c>) or, with <c>Many</c>, an array of them.</summary>
        public static string Object(IEnumerable<(string Key, string? One, IReadOnlyList<string?>? Many)> entries) => Write(w =>
        {
            w.WriteStartObject();
            foreach (var (key, one, many) in entries)
            {
                w.WritePropertyName(key);
                if (many is null) w.WriteStringValue(one);
                else WriteArray(w, many);
            }
            w.WriteEndObject();
        });

        private static void WriteArray(Utf8JsonWriter w, IEnumerable<string?> items)
        {
            w.WriteStartArray();
            foreach (var item in items)
                w.WriteStringValue(item);
            w.WriteEndArray();
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
                write(writer);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }
}
