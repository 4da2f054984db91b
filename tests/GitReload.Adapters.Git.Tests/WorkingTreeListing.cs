using System.Text;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Everything under a working tree, one line a path with its kind (file with its mode and a hash
/// of its content, folder, link and where it points), for comparing two clones. Names are read as
/// the bytes they are: a byte that is not UTF-8 shows as <c>\xNN</c>. A <c>.git</c> entry is listed
/// but not entered; links are never followed.
/// </summary>
internal static class WorkingTreeListing
{
    private const string Script = """
        find . -mindepth 1 \( -name .git -print0 -prune \) -o -print0 | LC_ALL=C sort -z |
        while IFS= read -r -d '' p; do
            p=${p#./}
            if [ -L "$p" ]; then printf 'link %s -> %s\0' "$p" "$(readlink "$p")"
            elif [ -d "$p" ]; then printf 'folder %s\0' "$p"
            else printf 'file %s %s %s\0' "$p" "$(stat -c %a "$p")" "$(sha256sum < "$p" | cut -c1-12)"
            fi
        done
        """;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static IReadOnlyList<string> Of(string root) =>
        Shell.Run(root, Script).Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Readable).ToList();

    // Each char of a line is one byte of it.
    private static string Readable(string line)
    {
        var bytes = Encoding.Latin1.GetBytes(line);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return string.Concat(line.Select(c => c < 0x80 ? c.ToString() : $"\\x{(int)c:X2}"));
        }
    }
}
