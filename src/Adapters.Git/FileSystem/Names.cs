using System.Text;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// File names as Linux has them, bytes that need not be UTF-8, held as Latin-1 strings: one char
/// per byte, so a name goes from bytes to a string and back unchanged, and two names are the same
/// string exactly when they are the same bytes. <c>/</c> is still <c>/</c>. Pinned by
/// <c>IndexFileTests</c> and <c>LibGit2CheckoutsNonUtf8Tests</c>.
/// </summary>
internal static class Names
{
    /// <summary>The name of <paramref name="bytes"/>.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>The bytes of <paramref name="name"/>.</summary>
    public static byte[] Bytes(string name) => Encoding.Latin1.GetBytes(name);

    /// <summary>The name .NET gives as <paramref name="text"/>: the bytes of its UTF-8.</summary>
    public static string FromText(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    /// <summary>The name as a person reads it: its bytes as UTF-8, those that are not shown as U+FFFD.</summary>
    public static string Shown(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = name.Length <= 1024 ? stackalloc byte[name.Length] : new byte[name.Length];
        Encoding.Latin1.GetBytes(name, bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
