using System.Text.RegularExpressions;

namespace GitReload.Domain.Checkouts;

/// <summary>
/// The one place that decides how a URL is shown outside the process: credentials written into a
/// URL (<c>https://deploy:TOKEN@host/org/repo.git</c>) become <c>***</c>. Every answer, page,
/// commit status, notification and log line that can hold an origin URL goes through it; only the
/// import command gets the real URL.
/// </summary>
public static partial class OriginUrl
{
    /// <summary>
    /// <paramref name="text"/> with the userinfo of every URL in it replaced by <c>***</c>
    /// (<c>https://***@host/org/repo.git</c>); the rest of the text is unchanged.
    /// </summary>
    /// <remarks>
    /// The userinfo runs to the last <c>@</c> before the URL's path, query or fragment, so a password
    /// with an unencoded <c>@</c> is hidden whole.
    /// </remarks>
    public static string Redact(string text) => text.Contains("://", StringComparison.Ordinal) ? UserInfo().Replace(text, "://***@") : text;

    // Userinfo never holds these unencoded (RFC 3986), so a quote or bracket ends the URL: "https://h","e":"a@b" keeps a@b.
    [GeneratedRegex(@"://[^/?#\s""<>\\^`{|}\[\]]*@")]
    private static partial Regex UserInfo();
}
