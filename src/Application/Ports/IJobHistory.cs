using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>The jobs recorded in the journal, as <c>/jobs</c> shows them.</summary>
public interface IJobHistory
{
    /// <summary>The newest jobs that pass <paramref name="query"/>, newest first.</summary>
    Task<Seq<JobRecord>> List(JobQuery query, CancellationToken cancellationToken);

    /// <summary>The job <paramref name="id"/>, if the journal still holds it.</summary>
    Task<Option<JobRecord>> Find(JobId id, CancellationToken cancellationToken);
}

/// <summary>Which jobs to list: of one checkout, in one status, at most <paramref name="Limit"/>.</summary>
public sealed record JobQuery(Option<RepoName> Repo, Option<JobStatus> Status, int Limit);

/// <summary>One job as recorded: what it was asked to do and how it went.</summary>
public sealed record JobRecord(
    JobId Id,
    JobRequest Request,
    JobStatus Status,
    int Attempts,
    int Merged,
    Seq<string> DeliveryIds,
    DateTimeOffset QueuedAt,
    Option<DateTimeOffset> StartedAt,
    Option<DateTimeOffset> FinishedAt,
    Option<string> ShaBefore,
    Option<string> ShaAfter,
    Option<string> Error,
    string Output);
