using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Jobs;

/// <summary>
/// Runs one job to its outcome. Never throws for an expected failure. An update that fails for a
/// transient reason is tried again as <see cref="RetryPolicy"/> decides, waiting on
/// <paramref name="time"/>; <paramref name="random"/> gives values in [0, 1) for the jitter.
/// An import is tried once: it may have loaded part of a course, and its own time limit is long.
/// </summary>
public sealed class RunJob(ICheckouts checkouts, ICourseImporter importer, RetryPolicy retries, TimeProvider time, Func<double> random)
{
    /// <summary>Told when an update's try failed and another follows: the job, the try that failed, why, and the wait before the next.</summary>
    public Action<JobRequest, int, JobFailure, TimeSpan> Retrying { get; init; } = (_, _, _, _) => { };

    /// <summary>Does the work of <paramref name="job"/>.</summary>
    public async Task<JobOutcome> Handle(JobRequest job, CancellationToken cancellationToken) => job.Action switch
    {
        JobAction.GetLatest => await Update(job, cancellationToken),
        JobAction.CourseImport => (await importer.Import(new CourseImport(job.Repo, job.RepoUrl, job.Branch), cancellationToken)).Match<JobOutcome>(
            Right: import => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, import.Output, Attempts: 1),
            Left: failure => new JobOutcome.Failed(failure, Attempts: 1)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private async Task<JobOutcome> Update(JobRequest job, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tried = attempt;
            var outcome = (await checkouts.Update(job.Repo, job.Branch, cancellationToken)).Match<JobOutcome>(
                Right: update => new JobOutcome.Succeeded(update.ShaBefore, Option<string>.Some(update.ShaAfter), "", tried),
                Left: failure => new JobOutcome.Failed(failure, tried));
            if (outcome is not JobOutcome.Failed failed || retries.After(attempt, failed.Failure, random()) is not RetryDecision.RetryAfter retry)
                return outcome;
            Retrying(job, attempt, failed.Failure, retry.Delay);
            await Task.Delay(retry.Delay, time, cancellationToken);
        }
    }
}
