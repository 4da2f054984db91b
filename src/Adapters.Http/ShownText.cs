using System.Globalization;
using System.Text;

namespace GitReload.Adapters.Http;

/// <summary>
/// Text from a request, made safe to put in a log line or an answer: control characters, line and paragraph
/// separators, and the invisible formatting ones (a right-to-left override, a zero-width space, a tag character)
/// that would make a line read otherwise than it holds, become <c>?</c>; and it is cut to <c>most</c> characters.
/// </summary>
internal static class ShownText
{
    public static string Of(string text, int most)
    {
        var shown = new StringBuilder(Math.Min(text.Length, most));
        foreach (var rune in (text.Length > most ? text[..most] : text).EnumerateRunes())
            shown.Append(Hidden(rune) ? "?" : rune.ToString());
        return shown.ToString();
    }

    private static bool Hidden(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
}
