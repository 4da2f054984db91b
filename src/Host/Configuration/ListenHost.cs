using System.Net;
using System.Net.Sockets;
using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>
/// What <c>--host</c> may name: an IP address or <c>localhost</c>. Kestrel listens on every interface for any
/// other name, so a host name (or a typo such as <c>127.0.0.l</c>) would open the service to the network.
/// </summary>
public static class ListenHost
{
    /// <summary>The address to listen on (an IPv6 one without brackets), or why <paramref name="text"/> is none.</summary>
    public static Either<string, string> Parse(string text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
            return Either<string, string>.Right("localhost");
        var bare = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        return IPAddress.TryParse(bare, out var address) && Literal(bare, address)
            ? Either<string, string>.Right(bare)
            : Either<string, string>.Left($"--host must be an IP address or localhost, got '{text}': a host name would make the server listen on every interface (0.0.0.0 or :: asks for that)");
    }

    /// <summary>The URL Kestrel is given, and <c>check-config</c> shows.</summary>
    public static string Url(string host, int port) => $"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}";

    // IPAddress.TryParse also takes "127.1", "10" and "[::1]:80"; an operator who wrote those meant something else.
    private static bool Literal(string text, IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? !text.Contains('[') && !text.Contains(']')
        : text.Split('.') is { Length: 4 } parts && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
}
