using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>What a misspelt name most likely meant, for the warnings that name it.</summary>
internal static class Spelling
{
    /// <summary>
    /// The name of <paramref name="known"/> nearest to <paramref name="typo"/>: within a quarter of its
    /// length in edits (at least two), the fewest edits first (the earlier of a tie); none when nothing is that close.
    /// </summary>
    public static Option<string> Nearest(string typo, IEnumerable<string> known) =>
        known
            .Select(name => (name, distance: Edits(typo, name)))
            .Where(k => k.distance <= Math.Max(2, k.name.Length / 4))
            .OrderBy(k => k.distance)
            .Select(k => k.name)
            .HeadOrNone();

    private static int Edits(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
