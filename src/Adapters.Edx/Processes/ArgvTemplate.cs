using System.Text.RegularExpressions;

namespace GitReload.Adapters.Edx.Processes;

/// <summary>An argv template's placeholders (<c>{repo_dir}</c> ...) filled in, in one pass: a value that itself holds a placeholder is never expanded again, and an unknown one is left as written.</summary>
internal static partial class ArgvTemplate
{
    public static string Fill(string part, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(part, match => values.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
