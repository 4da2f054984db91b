using System.Globalization;

namespace GitReload.Adapters.Http;

/// <summary>
/// Text from a request, made safe to put in a log line or an answer: control characters, and the invisible
/// formatting ones (a right-to-left override, a zero-width space) that would make a line read otherwise than
/// it holds, become <c>?</c>; and it is cut to <c>most</c> characters.
/// </summary>
internal static class ShownText
{
    public static string Of(string text, int most) =>
        new(text.Take(most).Select(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? '?' : c).ToArray());
}
