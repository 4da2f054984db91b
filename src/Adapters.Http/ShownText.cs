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
    // Called for every hook's log line: text with nothing to replace, the usual case, is returned without a copy.
    public static string Of(string text, int most)
    {
        var cut = text.Length > most ? text[..most] : text;
        foreach (var unit in cut)
        {
            // A surrogate (half of a character outside the basic plane, or a lone one) takes the whole walk below.
            if (char.IsSurrogate(unit) || Hidden(new Rune(unit)))
                return Replaced(cut);
        }
        return cut;
    }

    private static string Replaced(string text)
    {
        var shown = new StringBuilder(text.Length);
        Span<char> units = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (Hidden(rune)) shown.Append('?');
            else shown.Append(units[..rune.EncodeToUtf16(units)]);
        }
        return shown.ToString();
    }

    private static bool Hidden(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
}
