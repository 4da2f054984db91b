using LanguageExt;
using LanguageExt.Common;
using Npgsql;

namespace GitReload.Adapters.Postgres;

/// <summary>
/// <c>JOURNAL_URL</c>: a <c>postgresql://user:password@host:port/database?sslmode=require</c> URL,
/// or an Npgsql <c>Host=...;Username=...</c> string. Shown only as <see cref="Masked"/>.
/// </summary>
public sealed record JournalUrl
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

    /// <summary>Where the server is, for messages: <c>db.example.edu:5432/gitreload</c>.</summary>
    public string Server => $"{Builder.Host}:{Builder.Port}/{Builder.Database}";

    /// <summary>The URL with its password as <c>***</c>.</summary>
    public string Masked => $"postgresql://{(Builder.Username is { Length: > 0 } user ? user + (Builder.Password is { Length: > 0 } ? ":***" : "") + "@" : "")}{Server}";

    /// <summary>Reads a URL or a key=value string, or says what is wrong with it (never echoing a password).</summary>
    public static Either<Error, JournalUrl> Parse(string text)
    {
        try
        {
            return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                ? FromUrl(new Uri(text))
                : Checked(new NpgsqlConnectionStringBuilder(text));
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or KeyNotFoundException)
        {
            return new JournalUrlInvalid.Unreadable();
        }
    }

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
