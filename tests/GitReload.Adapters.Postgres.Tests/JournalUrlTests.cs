using GitReload.Adapters.Postgres;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>A <c>JOURNAL_URL</c> that names no journal is refused by a case of <see cref="JournalUrlInvalid"/>, in its one line, never quoting a password.</summary>
public class JournalUrlTests
{
    [Theory]
    [InlineData("mysql://db.example.edu/jobs", typeof(JournalUrlInvalid.Unreadable), "JOURNAL_URL must be postgresql://user:password@host:port/database or an Npgsql key=value string (it is a URL of another kind)")]
    [InlineData("Host=db.example.edu;Database", typeof(JournalUrlInvalid.Unreadable), "JOURNAL_URL could not be read as an Npgsql key=value string")]
    [InlineData("Database=jobs", typeof(JournalUrlInvalid.NoHost), "JOURNAL_URL names no host")]
    [InlineData("postgresql://gitreload@db.example.edu/", typeof(JournalUrlInvalid.NoDatabase), "JOURNAL_URL names no database")]
    public void A_url_that_names_no_journal_is_refused_by_its_case(string text, Type refusal, string message)
    {
        var refused = JournalUrl.Parse(text).Match(url => throw new Xunit.Sdk.XunitException($"read as {url}"), e => e);

        Assert.Equal(refusal, refused.GetType());
        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
    }

    private const string Password = "Zq7@Kx9/Mv2:Lp5%";

    private static string Refusal(string text) => JournalUrl.Parse(text).Match(url => $"read as {url.Server}", e => e.Message);

    [Theory]
    [InlineData("postgresql://gitreload:Zq7@Kx9/Mv2:Lp5%@db.example.edu:5432/gitreload", "more than one @")]
    [InlineData("postgresql://gitreload:Zq7/Kx9@db.example.edu:5432/gitreload", "user name or password holds a /")]
    [InlineData("postgresql://gitreload:Zq7%Kx9@db.example.edu:5432/gitreload", "holds a % that is not followed by two hexadecimal digits")]
    [InlineData("postgresql://gitreload:Zq7?Kx9@db.example.edu:5432/gitreload", "user name or password holds a ? or #")]
    [InlineData("postgresql://gitreload:Zq7#Kx9@db.example.edu:5432/gitreload", "user name or password holds a ? or #")]
    [InlineData("postgresql://gitreload:Zq7@db.example.edu:54x2/gitreload", "port (after the host's :) is not a number")]
    public void A_password_with_a_character_the_url_gives_a_meaning_is_refused_naming_the_part_not_the_password(string url, string why)
    {
        var refusal = Refusal(url);

        Assert.Contains(why, refusal);
        Assert.Contains("percent-encoded", refusal);
        foreach (var piece in new[] { "Zq7", "Kx9", "Mv2", "Lp5", "db.example.edu" })
            Assert.DoesNotContain(piece, refusal);
    }

    [Fact]
    public void A_percent_encoded_password_is_read_as_the_password()
    {
        var url = JournalUrl.Parse($"postgresql://gitreload:{Uri.EscapeDataString(Password)}@db.example.edu:5432/gitreload").Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message));

        Assert.Equal(("db.example.edu:5432/gitreload", "postgresql://gitreload:***@db.example.edu:5432/gitreload"), (url.Server, url.Masked));
        Assert.Equal(Password, new Npgsql.NpgsqlConnectionStringBuilder(url.ConnectionString).Password);
    }

    [Theory]
    [InlineData("postgresql://gitreload:pa%40ss@db.example.edu:5432/gitreload", true)]
    [InlineData("Host=db.example.edu;Username=gitreload;Password='pa@ss';Database=gitreload", true)]
    [InlineData("postgresql://gitreload:pa%40sss@db.example.edu:5432/gitreload", false)]
    public void A_password_is_tested_as_it_is_read_not_as_it_is_written(string text, bool met) =>
        Assert.Equal(met, Read(text).PasswordIs(p => p == "pa@ss"));

    [Fact]
    public void A_url_without_a_password_meets_no_test_of_it() =>
        Assert.False(Read("postgresql://gitreload@db.example.edu:5432/gitreload").PasswordIs(_ => true));

    private static JournalUrl Read(string text) => JournalUrl.Parse(text).Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void A_key_value_string_that_cannot_be_read_is_refused_without_its_text()
    {
        var refusal = Refusal("Host=db.example.edu;Password=Zq7;Kx9=Mv2;Username=gitreload");

        Assert.Contains("key=value", refusal);
        foreach (var piece in new[] { "Zq7", "Kx9", "Mv2" })
            Assert.DoesNotContain(piece, refusal);
    }

    [Fact]
    public void The_connections_are_named_for_the_host_unless_the_url_names_them()
    {
        var url = JournalUrl.Parse("postgresql://gitreload@db.example.edu/gitreload").Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message));
        var named = JournalUrl.Parse("postgresql://gitreload@db.example.edu/gitreload?ApplicationName=mine").Match(u => u, e => throw new Xunit.Sdk.XunitException(e.Message));

        Assert.Equal("gitreload lms-1", new Npgsql.NpgsqlConnectionStringBuilder(url.NamedFor("lms-1").ConnectionString).ApplicationName);
        Assert.Equal("mine", new Npgsql.NpgsqlConnectionStringBuilder(named.NamedFor("lms-1").ConnectionString).ApplicationName);
    }
}
