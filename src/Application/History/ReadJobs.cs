using GitReload.Application.Ports;
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
    /// The newest jobs that pass the filters given as text (each may be absent); or why the filters
    /// are not understood (an error with code <see cref="BadFilter"/>), or why the journal cannot be read.
    /// </summary>
    public Task<Either<Error, Seq<JobRecord>>> List(string? repo, string? status, string? limit, CancellationToken cancellationToken) =>
        Query(repo, status, limit).Match(
            Right: query => history.List(query, cancellationToken),
            Left: problem => Task.FromResult<Either<Error, Seq<JobRecord>>>(Error.New(BadFilter, problem)));

    /// <summary>The code of the error for filters that are not understood.</summary>
    public const int BadFilter = 400;

    /// <summary>The job <paramref name="id"/>, if the journal still holds it.</summary>
    public Task<Either<Error, Option<JobRecord>>> One(long id, CancellationToken cancellationToken) => history.Find(new JobId(id), cancellationToken);

    /// <summary>The query the filters ask for, or why they are not understood.</summary>
    public static Either<string, JobQuery> Query(string? repo, string? status, string? limit)
    {
        var repoName = Option<RepoName>.None;
        if (!string.IsNullOrEmpty(repo))
        {
            var parsed = RepoName.Parse(repo);
            if (parsed.IsLeft) return "repo is not a valid repository name";
            repoName = (RepoName)parsed;
        }

        var jobStatus = Option<JobStatus>.None;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Statuses.TryGetValue(status, out var s)) return "status must be one of queued, running, succeeded, failed, cancelled";
            jobStatus = s;
        }

        var count = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxLimit))
            return $"limit must be a whole number from 1 to {MaxLimit}";

        return new JobQuery(repoName, jobStatus, count);
    }

    private static readonly Dictionary<string, JobStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["queued"] = JobStatus.Queued,
        ["running"] = JobStatus.Running,
        ["succeeded"] = JobStatus.Succeeded,
        ["failed"] = JobStatus.Failed,
        ["cancelled"] = JobStatus.Cancelled,
    };
}
