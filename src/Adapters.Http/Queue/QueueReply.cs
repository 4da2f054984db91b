using System.Text.Json.Serialization;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Http.Queue;

/// <summary><c>GET /queue</c>: the jobs waiting or running, oldest first, in the original tool's shape.</summary>
public sealed record QueueReply(
    [property: JsonPropertyName("queue_length")] int QueueLength,
    [property: JsonPropertyName("queue")] IReadOnlyList<QueueItem> Queue)
{
    /// <summary>The reply for the jobs waiting or running.</summary>
    public static QueueReply From(Seq<JobRecord> jobs) => new(jobs.Count, jobs.Map(QueueItem.From).ToArray());
}

/// <summary>One job in <c>GET /queue</c>; the first three fields are the original's.</summary>
public sealed record QueueItem(
    [property: JsonPropertyName("repo_name")] string RepoName,
    [property: JsonPropertyName("repo_url")] string RepoUrl,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("merged")] int Merged)
{
    /// <summary>The item for one job waiting or running; credentials in the origin URL are hidden.</summary>
    public static QueueItem From(JobRecord job) => new(
        job.Request.Repo.Value,
        OriginUrl.Redact(job.Request.RepoUrl),
        ActionName(job.Request.Action),
        job.Id.Value,
        job.Request.Branch,
        job.Status.ToString().ToLowerInvariant(),
        job.Merged);

    /// <summary>The original tool's name for an action.</summary>
    public static string ActionName(JobAction action) => action switch
    {
        JobAction.CourseImport => "COURSE_IMPORT",
        JobAction.GetLatest => "GET_LATEST",
        JobAction.Rollback => "ROLLBACK",
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
