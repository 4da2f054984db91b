using GitReload.Application.Ports;
using GitReload.Application.Publishing;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using LanguageExt;

namespace GitReload.Application.Jobs;

/// <summary>
/// Runs one job to its outcome on this host. Never throws for an expected failure. An update that
/// fails for a transient reason is tried again as <see cref="RetryPolicy"/> decides, waiting on
/// <paramref name="time"/>; <paramref name="random"/> gives values in [0, 1) for the jitter.
/// An import is tried once: it may have loaded part of a course, and its own time limit is long.
/// It imports from this host's checkout, with that checkout's own origin URL. A rollback is tried
/// once: it points a checkout published atomically back at the tree it published before, when it
/// publishes the commit the rollback names (<see cref="JobRequest.After"/>), and leaves it alone otherwise.
/// What the job printed and its tries so far go to the progress callback while it runs.
/// </summary>
public sealed class RunJob(ICheckouts checkouts, ICourseImporter importer, RetryPolicy retries, TimeProvider time, Func<double> random)
{
    /// <summary>Told when an update's try failed and another follows: the job, the try that failed, why, and the wait before the next.</summary>
    public Action<JobRequest, int, JobFailure, TimeSpan> Retrying { get; init; } = (_, _, _, _) => { };

    /// <summary>How updates reach readers (<c>PUBLISH</c>) and how a rollback runs; by default every checkout in place.</summary>
    public AtomicPublishing Publishing { get; init; } = AtomicPublishing.Off;

    /// <summary>Does the work of <paramref name="job"/>, telling <paramref name="progress"/> how it goes.</summary>
    public async Task<JobOutcome> Handle(JobRequest job, Func<JobProgressReport, Task> progress, CancellationToken cancellationToken) => job.Action switch
    {
        JobAction.GetLatest => await Placed(job.Repo, () => Update(job, progress, cancellationToken), cancellationToken),
        JobAction.CourseImport => await Import(job, progress, cancellationToken),
        JobAction.Rollback => await Placed(job.Repo, async () => (await Publishing.RollBack(job.Repo, job.After, cancellationToken)).Match<JobOutcome>(
            Right: update => new JobOutcome.Succeeded(update.ShaBefore, Option<string>.Some(update.ShaAfter), "", Attempts: 1),
            Left: failure => new JobOutcome.Failed(failure, Attempts: 1)), cancellationToken),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    // A failed update or rollback says where the checkout stood before it and where it still stands, so an operator sees what readers have.
    private async Task<JobOutcome> Placed(RepoName repo, Func<Task<JobOutcome>> run, CancellationToken cancellationToken)
    {
        var before = await checkouts.Head(repo, cancellationToken);
        var outcome = await run();
        return outcome is JobOutcome.Failed failed
            ? failed with { ShaBefore = before, ShaAfter = await checkouts.Head(repo, cancellationToken) }
            : outcome;
    }

    private async Task<JobOutcome> Import(JobRequest job, Func<JobProgressReport, Task> progress, CancellationToken cancellationToken)
    {
        var checkout = await checkouts.Inspect(job.Repo, cancellationToken);
        if (checkout is not CheckoutState.OnBranch local)
            return new JobOutcome.Failed(JobFailure.Permanent($"{job.Repo}: the checkout on this host is no longer on a branch with an origin; nothing was imported"), Attempts: 1);
        var imported = await importer.Import(
            new CourseImport(job.Repo, local.OriginUrl, local.Branch),
            output => _ = progress(new JobProgressReport(output, 1)),
            cancellationToken);
        return imported.Match<JobOutcome>(
            Right: import => new JobOutcome.Succeeded(Option<string>.None, Option<string>.None, import.Output, Attempts: 1),
            Left: failure => new JobOutcome.Failed(failure, Attempts: 1));
    }

    private async Task<JobOutcome> Update(JobRequest job, Func<JobProgressReport, Task> progress, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tried = attempt;
            var outcome = (await UpdateOnce(job, progress, tried, cancellationToken)).Match<JobOutcome>(
                Right: update => new JobOutcome.Succeeded(update.ShaBefore, Option<string>.Some(update.ShaAfter), update.Output, tried),
                Left: failure => new JobOutcome.Failed(failure, tried));
            if (outcome is not JobOutcome.Failed failed || retries.After(attempt, failed.Failure, random()) is not RetryDecision.RetryAfter retry)
                return outcome;
            Retrying(job, attempt, failed.Failure, retry.Delay);
            await progress(new JobProgressReport($"try {attempt} failed: {failed.Failure.Message}; trying again in {retry.Delay.TotalSeconds:0.#} s", attempt));
            await Task.Delay(retry.Delay, time, cancellationToken);
        }
    }

    // One try, as PUBLISH says for the checkout: atomically (the check's output shown while it runs), or in place.
    private async Task<Either<JobFailure, CheckoutUpdate>> UpdateOnce(JobRequest job, Func<JobProgressReport, Task> progress, int attempt, CancellationToken cancellationToken) =>
        Publishing.ModeOf(job.Repo) == PublishMode.Atomic
            ? await Publishing.Update(job, output => _ = progress(new JobProgressReport(output, attempt)), cancellationToken)
            : await (await Publishing.InPlace(job.Repo, cancellationToken)).MatchAsync(
                RightAsync: _ => checkouts.Update(job.Repo, job.Branch, cancellationToken),
                Left: failure => failure);
}
