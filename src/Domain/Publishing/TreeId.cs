using System.Globalization;
using LanguageExt;

namespace GitReload.Domain.Publishing;

/// <summary>
/// One tree GitReload checked a commit out into, for a checkout published atomically: trees are
/// numbered in the order they were made, and named after their number and commit (<see cref="Folder"/>).
/// </summary>
/// <param name="Number">Its place in the order the checkout's trees were made.</param>
/// <param name="Sha">The commit checked out in it.</param>
public sealed record TreeId(long Number, string Sha)
{
    private const int NumberDigits = 8;

    /// <summary>Its folder's name: the number, zero-padded, a dash, the commit.</summary>
    public string Folder => $"{Number.ToString(new string('0', NumberDigits), CultureInfo.InvariantCulture)}-{Sha}";

    /// <summary>The tree named <paramref name="folder"/>, when that is a tree's name.</summary>
    public static Option<TreeId> Parse(string folder)
    {
        var dash = folder.IndexOf('-', StringComparison.Ordinal);
        if (dash < 1 || !folder[..dash].All(char.IsAsciiDigit) || !long.TryParse(folder[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return Option<TreeId>.None;
        var sha = folder[(dash + 1)..];
        return sha.Length is 40 or 64 && sha.All(char.IsAsciiHexDigitLower) ? new TreeId(number, sha) : Option<TreeId>.None;
    }

    /// <inheritdoc />
    public override string ToString() => Folder;
}
