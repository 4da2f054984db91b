using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// A failed update waiting to be tried again, as the journal keeps it: the job that failed, how
/// many retries came before, when it failed, on which hosts, and the retry job queued for it
/// while that waits or runs.
/// </summary>
/// <param name="FailedJob">The job whose failure is healed; its request is retried.</param>
/// <param name="Rung">How many retries failed before (0: the first retry is next).</param>
/// <param name="FailedAt">When it failed.</param>
/// <param name="Hosts">The hosts whose part failed: the retry's targets.</param>
/// <param name="RetryJob">The retry queued for it, once queued.</param>
public sealed record HealMark(JobId FailedJob, int Rung, DateTimeOffset FailedAt, Seq<HostId> Hosts, Option<JobId> RetryJob);
