using GitReload.Application.Ports;
using GitReload.Application.Queries;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.History;

/// <summary>Reads the job history, as <c>GET /jobs</c> and <c>GET /jobs/{id}</c> show it.</summary>
public sealed class ReadJobs(IJobHistory history)
{
    /// <summary>How many jobs a list shows when not told.</summary>
    public const int DefaultLimit = 50;

    /// <summary>How many jobs a list shows at most.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// The newest jobs that pass the filters given as text (each may be absent, and an empty repo or status means any); or why the filters
    /// are not understood (a <see cref="BadQuery"/>), or why the journal cannot be read.
    /// </summary>
    public Task<Either<Error, Seq<JobRecord>>> List(Option<string> repo, Option<string> status, Option<string> limit, CancellationToken cancellationToken) =>
        Query(repo, status, limit).Match(
            Right: query => history.List(query, cancellationToken),
            Left: problem => Task.FromResult<Either<Error, Seq<JobRecord>>>(problem));

    /// <summary>The code of the error for filters that are not understood (<see cref="BadQuery.Code400"/>).</summary>
    public const int BadFilter = BadQuery.Code400;

    /// <summary>The job <paramref name="id"/>, if the journal still holds it.</summary>
    public Task<Either<Error, Option<JobRecord>>> One(long id, CancellationToken cancellationToken) => history.Find(new JobId(id), cancellationToken);

    /// <summary>The query the filters ask for, or why they are not understood.</summary>
    public static Either<BadQuery, JobQuery> Query(Option<string> repo, Option<string> status, Option<string> limit) =>
        from repoName in RepoFilter(repo)
        from jobStatus in StatusFilter(status)
        from count in LimitFilter(limit)
        select new JobQuery(repoName, jobStatus, count);

    private static Either<BadQuery, Option<RepoName>> RepoFilter(Option<string> repo) =>
        repo.Filter(r => r.Length > 0).Match(
            None: () => Option<RepoName>.None,
            Some: given => RepoName.Parse(given).Match(
                Right: name => Either<BadQuery, Option<RepoName>>.Right(name),
                Left: _ => new BadQuery.BadValue("repo", "repo is not a valid repository name")));

    private static Either<BadQuery, Option<JobStatus>> StatusFilter(Option<string> status) =>
        status.Filter(s => s.Length > 0).Match(
            None: () => Option<JobStatus>.None,
            Some: given => Statuses.TryGetValue(given, out var known)
                ? Either<BadQuery, Option<JobStatus>>.Right(known)
                : new BadQuery.BadValue("status", "status must be one of queued, running, succeeded, failed, cancelled"));

    private static Either<BadQuery, int> LimitFilter(Option<string> limit) =>
        limit.Match(
            None: () => DefaultLimit,
            Some: given => int.TryParse(given, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxLimit
                ? Either<BadQuery, int>.Right(count)
                : new BadQuery.BadValue("limit", $"limit must be a whole number from 1 to {MaxLimit}"));

    private static readonly Dictionary<string, JobStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["queued"] = JobStatus.Queued,
        ["running"] = JobStatus.Running,
        ["succeeded"] = JobStatus.Succeeded,
        ["failed"] = JobStatus.Failed,
        ["cancelled"] = JobStatus.Cancelled,
    };
}
