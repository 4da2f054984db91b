using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Jobs;

/// <summary>Runs one job to its outcome. Never throws for an expected failure.</summary>
public sealed class RunJob(ICheckouts checkouts, ICourseImporter importer)
{
    /// <summary>Does the work of <paramref name="job"/>.</summary>
    public async Task<JobOutcome> Handle(JobRequest job, CancellationToken cancellationToken) => job.Action switch
    {
        JobAction.GetLatest => (await checkouts.Update(job.Repo, job.Branch, cancellationToken)).Match<JobOutcome>(
            Right: update => new JobOutcome.Succeeded(update.ShaBefore, Option<string>.Some(update.ShaAfter), "", Attempts: 1),
            Left: failure => new JobOutcome.Failed(failure, Attempts: 1)),
        JobAction.CourseImport => (await importer.Import(new CourseImport(job.Repo, job.RepoUrl, job.Branch), cancellationToken)).Match<JobOutcome>(
            Right: import => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, import.Output, Attempts: 1),
            Left: failure => new JobOutcome.Failed(failure, Attempts: 1)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
