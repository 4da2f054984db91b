using LanguageExt;
using LanguageExt.Common;
using Npgsql;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Postgres;

/// <summary>
/// <c>JOURNAL_URL</c>: a <c>postgresql://user:password@host:port/database?sslmode=require</c> URL,
/// or an Npgsql <c>Host=...;Username=...</c> string. Shown only as <see cref="Masked"/>.
/// </summary>
public sealed partial record JournalUrl
{
    private JournalUrl(NpgsqlConnectionStringBuilder builder) => Builder = builder;

    private NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Connections one host opens at most (and one more that listens), unless the string says otherwise (<c>Maximum Pool Size</c>).</summary>
    public const int MaxConnectionsPerHost = 20;

    /// <summary>The connection string Npgsql opens, with the settings GitReload needs.</summary>
    public string ConnectionString
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Builder.ConnectionString)
            {
                // A server that is down must fail a hook within the forge's patience, not hang it.
                Timeout = Builder.Timeout is 15 ? 5 : Builder.Timeout,
                CommandTimeout = Builder.CommandTimeout is 30 ? 10 : Builder.CommandTimeout,
                ApplicationName = Builder.ApplicationName ?? "gitreload",
                MaxAutoPrepare = Builder.MaxAutoPrepare == 0 ? 50 : Builder.MaxAutoPrepare,
                // The journal leaves no session state on a pooled connection (its locks and settings are the
                // transaction's), so a connection taken from the pool needs no reset before its next use.
                NoResetOnClose = true,
                // A burst of hooks waits for a connection rather than opening one each: a fleet of
                // hosts must stay under the server's max_connections (100 by default).
                MaxPoolSize = Builder.MaxPoolSize == 100 ? MaxConnectionsPerHost : Builder.MaxPoolSize,
            };
            return builder.ConnectionString;
        }
    }

    /// <summary>
    /// The same journal, its connections named <c>gitreload HOST</c> in <c>pg_stat_activity</c>, so that an operator
    /// tells the hosts apart; unless the URL names them itself (<c>Application Name</c>, <c>application_name</c>).
    /// </summary>
    public JournalUrl NamedFor(string host) => Builder.ApplicationName is { Length: > 0 }
        ? this
        : new JournalUrl(new NpgsqlConnectionStringBuilder(Builder.ConnectionString) { ApplicationName = $"gitreload {host}" });

    /// <summary>Where the server is, for messages: <c>db.example.edu:5432/gitreload</c>.</summary>
    public string Server => $"{Builder.Host}:{Builder.Port}/{Builder.Database}";

    /// <summary>Whether the password meets <paramref name="test"/> (false without one): the password itself never leaves.</summary>
    public bool PasswordIs(Func<string, bool> test) => Builder.Password is { Length: > 0 } password && test(password);

    /// <summary>The URL with its password as <c>***</c>.</summary>
    public string Masked => $"postgresql://{(Builder.Username is { Length: > 0 } user ? user + (Builder.Password is { Length: > 0 } ? ":***" : "") + "@" : "")}{Server}";

    /// <summary>Reads a URL or a key=value string, or says which part of it could not be read (never echoing a password).</summary>
    public static Either<Error, JournalUrl> Parse(string text)
    {
        var isUrl = text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
        if (!isUrl && AnotherScheme().IsMatch(text))
            return new JournalUrlInvalid.Unreadable("JOURNAL_URL must be postgresql://user:password@host:port/database or an Npgsql key=value string (it is a URL of another kind)");
        try
        {
            return isUrl
                ? Unreadable(text).Match(Some: why => Either<Error, JournalUrl>.Left(new JournalUrlInvalid.Unreadable(why)), None: () => FromUrl(new Uri(text)))
                : Checked(new NpgsqlConnectionStringBuilder(text));
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or KeyNotFoundException)
        {
            // The exceptions' own words may quote a piece of the password: never shown.
            return new JournalUrlInvalid.Unreadable(isUrl
                ? "JOURNAL_URL could not be read as postgresql://user:password@host:port/database?parameter=value (its host, port or a parameter); " + EncodeHint
                : "JOURNAL_URL could not be read as an Npgsql key=value string (Host=...;Username=...;Password=...); a value holding ; or = must be quoted: Password='...'");
        }
    }

    // mysql://..., http://...: a URL, but not PostgreSQL's (an Npgsql string has no "://" before its first '=').
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial System.Text.RegularExpressions.Regex AnotherScheme();

    private const string EncodeHint = "a user name or password holding @ / : ? # or % must be percent-encoded (@ is %40, / is %2F, : is %3A, % is %25), or give JOURNAL_URL as key=value";

    // What the URL reader would take silently for another part (a password's '/' for the start of the database, its
    // '@' for the host), named by the part, never by the text.
    private static Option<string> Unreadable(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var beforeQuery = rest.Split('?', 2)[0].Split('#', 2)[0];
        // A ? or # in a password ends the URL's address early: the host then seems to be the password's first half.
        if (!beforeQuery.Contains('@') && rest.Contains('@'))
            return $"JOURNAL_URL's user name or password holds a ? or #, which ends the address part of a URL: {EncodeHint}";
        var at = beforeQuery.Split('@');
        if (at.Length > 2)
            return $"JOURNAL_URL has more than one @ before the host: {EncodeHint}";
        if (at.Length == 2)
        {
            if (at[0].Contains('/'))
                return $"JOURNAL_URL's user name or password holds a /, which starts the database's name in a URL: {EncodeHint}";
            if (BadEscape(at[0]))
                return $"JOURNAL_URL's user name or password holds a % that is not followed by two hexadecimal digits: {EncodeHint}";
        }
        var hostPort = at[^1].Split('/', 2)[0];
        var port = hostPort.StartsWith('[') ? hostPort[(hostPort.IndexOf(']', StringComparison.Ordinal) + 1)..] : hostPort;
        var colon = port.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && !(port[(colon + 1)..] is { Length: > 0 and <= 5 } digits && digits.All(char.IsAsciiDigit)))
            return $"JOURNAL_URL's port (after the host's :) is not a number: {EncodeHint}";
        return BadEscape(rest) ? $"JOURNAL_URL holds a % that is not followed by two hexadecimal digits: {EncodeHint}" : None;
    }

    private static bool BadEscape(string text) =>
        text.Select((c, i) => c == '%' && !(i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))).Any(bad => bad);

    private static Either<Error, JournalUrl> FromUrl(Uri url)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host.Trim('[', ']'),
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        var userInfo = url.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return Checked(builder);
    }

    private static Either<Error, JournalUrl> Checked(NpgsqlConnectionStringBuilder builder) =>
        string.IsNullOrEmpty(builder.Host) ? new JournalUrlInvalid.NoHost()
        : string.IsNullOrEmpty(builder.Database) ? new JournalUrlInvalid.NoDatabase()
        : new JournalUrl(builder);

    /// <inheritdoc />
    public override string ToString() => Masked;
}
