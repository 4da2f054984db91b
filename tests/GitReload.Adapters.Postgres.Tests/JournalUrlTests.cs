using GitReload.Adapters.Postgres;

namespace GitReload.Adapters.Postgres.Tests;

/// <summary>A <c>JOURNAL_URL</c> that names no journal is refused by a case of <see cref="JournalUrlInvalid"/>, in its one line.</summary>
public sealed class JournalUrlTests
{
    [Theory]
    [InlineData("mysql://db.example.edu/jobs", typeof(JournalUrlInvalid.Unreadable), "JOURNAL_URL must be postgresql://user:password@host:port/database or an Npgsql key=value string (it could not be read)")]
    [InlineData("Database=jobs", typeof(JournalUrlInvalid.NoHost), "JOURNAL_URL names no host")]
    [InlineData("postgresql://gitreload@db.example.edu/", typeof(JournalUrlInvalid.NoDatabase), "JOURNAL_URL names no database")]
    public void A_url_that_names_no_journal_is_refused_by_its_case(string text, Type refusal, string message)
    {
        var refused = JournalUrl.Parse(text).Match(url => throw new Xunit.Sdk.XunitException($"read as {url}"), e => e);

        Assert.Equal((refusal, message), (refused.GetType(), refused.Message));
    }
}
