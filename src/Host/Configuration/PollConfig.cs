using System.Globalization;
using System.Text.Json;
using GitReload.AspNetCore.Reconcile;
using GitReload.Domain.Reconcile;
using LanguageExt;
using Microsoft.Extensions.Configuration;

namespace GitReload.Host.Configuration;

/// <summary>
/// The reconcile loop's keys: <c>POLL_SECONDS</c>, <c>POLL</c> (an object in <c>gr.env.json</c>, a JSON
/// string in the environment) and <c>POLL_CONCURRENCY</c>, read by the rules an embedder's options are read by.
/// </summary>
internal static class PollConfig
{
    public static PollSettings Read(IConfigurationRoot root, List<string> problems, Func<string, string> where)
    {
        var seconds = Number(root, Keys.PollSeconds, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v < 1e8 ? v : null,
            "a number of seconds, 0 (off) or more", 0, problems, where);
        var concurrency = Number(root, Keys.PollConcurrency, s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (double?)null,
            "a positive whole number", 4, problems, where);
        var map = Entries(root).Match(
            Some: entries => PollKeys.Map(entries).Match(
                Right: m => m,
                Left: found => { problems.AddRange(found.Map(p => $"{where(Keys.Poll)}: {p}")); return PollMap.Nothing; }),
            None: () => { problems.Add($"{where(Keys.Poll)}: POLL must be a JSON object mapping checkout names (or \"*\") to update or import"); return PollMap.Nothing; });
        return new PollSettings(TimeSpan.FromSeconds(seconds), map, (int)concurrency);
    }

    private static double Number(IConfigurationRoot root, string key, Func<string, double?> parse, string expected, double fallback, List<string> problems, Func<string, string> where)
    {
        var raw = root[key] ?? "";
        if (parse(raw) is { } value) return value;
        problems.Add($"{where(key)}: {key} must be {expected}, got '{raw}'");
        return fallback;
    }

    // An object in a file; a JSON string in the environment; the highest layer that has it wins. None: not an object.
    private static Option<IReadOnlyList<KeyValuePair<string, string?>>> Entries(IConfigurationRoot root)
    {
        var layer = root.Providers.Reverse().FirstOrDefault(p => (p.TryGet(Keys.Poll, out var value) && !string.IsNullOrWhiteSpace(value)) || p.GetChildKeys([], Keys.Poll).Any());
        if (layer is null)
            return Option<IReadOnlyList<KeyValuePair<string, string?>>>.Some([]);
        if (!layer.TryGet(Keys.Poll, out var text))
            return Option<IReadOnlyList<KeyValuePair<string, string?>>>.Some(root.GetSection(Keys.Poll).GetChildren().Select(c => KeyValuePair.Create(c.Key, c.Value)).ToList());
        try
        {
            using var json = JsonDocument.Parse(text ?? "");
            return json.RootElement.ValueKind != JsonValueKind.Object
                ? Option<IReadOnlyList<KeyValuePair<string, string?>>>.None
                : Option<IReadOnlyList<KeyValuePair<string, string?>>>.Some(json.RootElement.EnumerateObject()
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())).ToList());
        }
        catch (JsonException)
        {
            return Option<IReadOnlyList<KeyValuePair<string, string?>>>.None;
        }
    }
}

/// <summary>How often origins are asked (zero: never), which checkouts are followed, and how many origins are asked at once.</summary>
public sealed record PollSettings(TimeSpan Interval, PollMap Poll, int Concurrency)
{
    /// <summary>The reconcile loop off.</summary>
    public static PollSettings Off { get; } = new(TimeSpan.Zero, PollMap.Nothing, 4);
}
