using System.Globalization;
using System.Text.Json.Serialization;
using GitReload.Adapters.Http.Queue;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using LanguageExt;

namespace GitReload.Adapters.Http.Jobs;

/// <summary>One job in <c>GET /jobs</c> and <c>GET /jobs/{id}</c>.</summary>
public sealed record JobReply(
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("repo_name")] string RepoName,
    [property: JsonPropertyName("repo_url")] string RepoUrl,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("queued_at")] string QueuedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("finished_at")] string? FinishedAt,
    [property: JsonPropertyName("sha_before")] string? ShaBefore,
    [property: JsonPropertyName("sha_after")] string? ShaAfter,
    [property: JsonPropertyName("merged")] int Merged,
    [property: JsonPropertyName("delivery_ids")] IReadOnlyList<string> DeliveryIds,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("output")] string Output,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("targets")] IReadOnlyList<TargetReply> Targets)
{
    /// <summary>The reply for one recorded job; credentials in URLs are hidden (<see cref="OriginUrl.Redact"/>).</summary>
    public static JobReply From(JobRecord job) => new(
        job.Id.Value,
        job.Request.Repo.Value,
        OriginUrl.Redact(job.Request.RepoUrl),
        QueueItem.ActionName(job.Request.Action),
        job.Request.Branch,
        job.Status.ToString().ToLowerInvariant(),
        job.Attempts,
        Iso(job.QueuedAt),
        job.StartedAt.Map(Iso).IfNoneUnsafe((string?)null),
        job.FinishedAt.Map(Iso).IfNoneUnsafe((string?)null),
        job.ShaBefore.IfNoneUnsafe((string?)null),
        job.ShaAfter.IfNoneUnsafe((string?)null),
        job.Merged,
        job.DeliveryIds.ToArray(),
        job.Error.Map(OriginUrl.Redact).IfNoneUnsafe((string?)null),
        OriginUrl.Redact(job.Output),
        job.Trigger.ToString().ToLowerInvariant(),
        job.Targets.Map(TargetReply.From).ToArray());

    /// <summary>A time as every GitReload answer writes it: ISO 8601 UTC with milliseconds.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One host's part of a job: <c>{host, status, attempts, started_at, finished_at, sha_before, sha_after, error, abandoned}</c>.</summary>
public sealed record TargetReply(
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("finished_at")] string? FinishedAt,
    [property: JsonPropertyName("sha_before")] string? ShaBefore,
    [property: JsonPropertyName("sha_after")] string? ShaAfter,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("abandoned")] IReadOnlyList<AbandonedTryReply> Abandoned)
{
    /// <summary>The reply for one target; its host is null while an import waits for any host to take it.</summary>
    public static TargetReply From(TargetRecord target) => new(
        target.Host.Map(h => h.Value).IfNoneUnsafe((string?)null),
        target.Status.ToString().ToLowerInvariant(),
        target.Attempts,
        target.StartedAt.Map(JobReply.Iso).IfNoneUnsafe((string?)null),
        target.FinishedAt.Map(JobReply.Iso).IfNoneUnsafe((string?)null),
        target.ShaBefore.IfNoneUnsafe((string?)null),
        target.ShaAfter.IfNoneUnsafe((string?)null),
        target.Error.Map(OriginUrl.Redact).IfNoneUnsafe((string?)null),
        target.Abandoned.Map(AbandonedTryReply.From).ToArray());
}

/// <summary>A try of a target that a host started and gave up without an outcome: <c>{host, attempts, started_at, ended_at, why}</c>.</summary>
public sealed record AbandonedTryReply(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("started_at")] string StartedAt,
    [property: JsonPropertyName("ended_at")] string EndedAt,
    [property: JsonPropertyName("why")] string Why)
{
    /// <summary>The reply for one abandoned try.</summary>
    public static AbandonedTryReply From(AbandonedTry abandoned) => new(
        abandoned.Host.Value, abandoned.Attempts, JobReply.Iso(abandoned.StartedAt), JobReply.Iso(abandoned.EndedAt), abandoned.Why);
}

/// <summary><c>GET /jobs</c>: recent jobs, newest first.</summary>
public sealed record JobsReply([property: JsonPropertyName("jobs")] IReadOnlyList<JobReply> Jobs);
