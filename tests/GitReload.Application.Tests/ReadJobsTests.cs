using GitReload.Application.History;
using GitReload.Application.Queries;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Application.Tests;

public sealed class ReadJobsTests
{
    private static string Read(Option<string> repo, Option<string> status, Option<string> limit) =>
        ReadJobs.Query(repo, status, limit).Match(
            Right: q => $"repo {q.Repo.Map(r => r.Value).IfNone("any")}, status {q.Status.Map(s => s.ToString()).IfNone("any")}, {q.Limit} jobs",
            Left: bad => bad.Match(unknownParameter: u => $"unknown {u.Name}", badValue: b => $"bad {b.Parameter}") + $": {bad.Message} ({bad.Code})");

    [Fact]
    public void No_filter_and_empty_filters_list_the_newest_jobs_of_every_checkout() =>
        Assert.Equal(
            ["repo any, status any, 50 jobs", "repo any, status any, 50 jobs"],
            [Read(None, None, None), Read(Some(""), Some(""), None)]);

    [Fact]
    public void Each_filter_narrows_the_list() =>
        Assert.Equal("repo course, status Failed, 3 jobs", Read(Some("course"), Some("failed"), Some("3")));

    [Fact]
    public void A_filter_that_is_not_understood_is_a_bad_value_naming_its_parameter() =>
        Assert.Equal(
            [
                "bad repo: repo is not a valid repository name (400)",
                "bad status: status must be one of queued, running, succeeded, failed, cancelled (400)",
                "bad limit: limit must be a whole number from 1 to 1000 (400)",
                "bad limit: limit must be a whole number from 1 to 1000 (400)",
            ],
            [Read(Some(".."), None, None), Read(None, Some("done"), None), Read(None, None, Some("0")), Read(None, None, Some(""))]);

    [Fact]
    public async Task A_bad_filter_comes_back_as_a_BadQuery_without_reading_the_journal()
    {
        var listed = await new ReadJobs(new UnreadableHistory()).List(None, Some("done"), None, default);

        Assert.IsType<BadQuery.BadValue>(listed.Match(Right: _ => throw new Xunit.Sdk.XunitException("listed"), Left: e => e));
    }

    private sealed class UnreadableHistory : Ports.IJobHistory
    {
        public Task<Either<LanguageExt.Common.Error, Seq<Ports.JobRecord>>> List(Ports.JobQuery query, CancellationToken cancellationToken) =>
            throw new Xunit.Sdk.XunitException("the journal was read");

        public Task<Either<LanguageExt.Common.Error, Option<Ports.JobRecord>>> Find(Domain.Jobs.JobId id, CancellationToken cancellationToken) =>
            throw new Xunit.Sdk.XunitException("the journal was read");

        public Task<Either<LanguageExt.Common.Error, Seq<Ports.JobRecord>>> Open(CancellationToken cancellationToken) =>
            throw new Xunit.Sdk.XunitException("the journal was read");

        public Task<Either<LanguageExt.Common.Error, Seq<Ports.JobRecord>>> OpenFirst(int limit, CancellationToken cancellationToken) =>
            throw new Xunit.Sdk.XunitException("the journal was read");

        public Task<Either<LanguageExt.Common.Error, int>> OpenCount(CancellationToken cancellationToken) =>
            throw new Xunit.Sdk.XunitException("the journal was read");
    }
}
