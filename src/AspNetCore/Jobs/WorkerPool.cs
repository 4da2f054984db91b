using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Telemetry;
using GitReload.AspNetCore.Fleet;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.AspNetCore.Jobs;

/// <summary>
/// <c>NUM_THREADS</c> workers taking this host's jobs from the scheduler. The journal only hands out
/// jobs whose checkout is free on this host; a job that fails or throws is logged and the worker
/// goes on; after each job the checkout is registered again for the fleet. How a job ended is
/// recorded even when the journal is away for a while: the worker tries again until it can, or
/// until the service stops (the job then runs again after the restart). On stop, workers take no
/// new job, running jobs get the grace period to finish, and a job still running after it is
/// cancelled and put back to queued in the journal, to run after the restart.
/// </summary>
public sealed partial class WorkerPool(
    JobScheduler scheduler, RunJob runJob, FleetPresence presence, IdleCompaction compaction, WorkerPool.Settings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger<WorkerPool> log)
    : IHostedService, IDisposable
{
    /// <summary>How many workers run, and how long running jobs may go on after a stop is asked.</summary>
    public sealed record Settings(int Workers, TimeSpan Grace);

    private readonly CancellationTokenSource stopTaking = new();
    private readonly CancellationTokenSource stopRunning = new();
    private Task workers = Task.CompletedTask;
    private int alive;

    private int running;

    /// <summary>How many jobs the workers are running now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>How many workers are running now, and how many should.</summary>
    public (int Alive, int Expected) Health => (Volatile.Read(ref alive), settings.Workers);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        workers = Task.WhenAll(Enumerable.Range(1, settings.Workers).Select(n => Task.Run(() => Work(n), CancellationToken.None)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopTaking.CancelAsync();
        await Quietly(workers.WaitAsync(settings.Grace, cancellationToken));
        await stopRunning.CancelAsync();
        await Quietly(workers.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stopTaking.Dispose();
        stopRunning.Dispose();
    }

    private async Task Work(int worker)
    {
        Interlocked.Increment(ref alive);
        try
        {
            // An import nobody holds goes to a host that registered the checkout: claim with the registration written.
            try
            {
                await presence.Registered.WaitAsync(stopTaking.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (!stopTaking.IsCancellationRequested)
            {
                Claim.Claimed job;
                try
                {
                    job = await scheduler.Next(stopTaking.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var started = clock.GetTimestamp();
                Interlocked.Increment(ref running);
                Option<JobOutcome> outcome;
                try
                {
                    outcome = await Run(job);
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
                if (outcome.IsNone)
                {
                    var requeued = await scheduler.Requeue(job.Job);
                    CutOff(log, job.Job, job.Request.Repo.Value, requeued.Match(_ => "queued again", e => e.Message));
                    return;
                }

                foreach (var ended in outcome)
                {
                    var took = clock.GetElapsedTime(started);
                    metrics.Finished(job.Request.Action, job.Trigger, ended, took);
                    Report(job, worker, ended, took);
                    // Registered first: once the job shows as ended, the registry (and the dashboard) shows the checkout it left.
                    await presence.RegisterOne(job.Request.Repo, CancellationToken.None);
                    await Record(job.Job, ended);
                    await compaction.AfterJob(Running, CancellationToken.None);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref alive);
        }
    }

    // Until the journal takes it, or the service stops (the job is then still running in the journal, and runs again after the restart).
    private async Task Record(JobId job, JobOutcome outcome)
    {
        var said = false;
        while (true)
        {
            var recorded = await scheduler.Finish(job, outcome);
            if (recorded.IsRight || stopRunning.IsCancellationRequested)
            {
                foreach (var error in recorded.LeftToSeq())
                    NotRecorded(log, job, error.Message);
                return;
            }
            if (!said)
            {
                foreach (var error in recorded.LeftToSeq())
                    NotRecordedYet(log, job, error.Message);
                said = true;
            }
            try
            {
                await Task.Delay(RecordAgainAfter, clock, stopRunning.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: one last try above.
            }
        }
    }

    private static readonly TimeSpan RecordAgainAfter = TimeSpan.FromSeconds(2);

    // None: cut off by the end of the grace period; the importer and git throw when cancelled.
    private async Task<Option<JobOutcome>> Run(Claim.Claimed job)
    {
        try
        {
            return await runJob.Handle(job.Request, progress => Progress(job.Job, progress), stopRunning.Token);
        }
        catch (OperationCanceledException) when (stopRunning.IsCancellationRequested)
        {
            return Option<JobOutcome>.None;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new JobOutcome.Failed(JobFailure.Permanent($"Unexpected error: {e.GetType().Name}: {e.Message}"), 1);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Past the grace period, or the host gave up waiting: what runs is cut off.
        }
    }

    private async Task Progress(JobId job, JobProgressReport progress)
    {
        // Only for /jobs/{id} while the job runs: a journal that is away loses nothing that counts.
        _ = await scheduler.Progress(job, progress);
    }

    private void Report(Claim.Claimed job, int worker, JobOutcome outcome, TimeSpan took)
    {
        var (id, repo, what) = (job.Job, job.Request.Repo.Value, job.Request.Action switch { JobAction.CourseImport => "course import", JobAction.Rollback => "rollback", _ => "update" });
        var seconds = Math.Round(took.TotalSeconds, 1);
        switch (outcome)
        {
            case JobOutcome.Succeeded s when job.Request.Action == JobAction.CourseImport:
                Imported(log, id, what, repo, job.Request.Branch, seconds, worker, LastLine(s.Output));
                break;
            case JobOutcome.Succeeded s when s.ShaBefore.IfNoneUnsafe((string?)null) == s.ShaAfter.IfNoneUnsafe((string?)null):
                UpToDate(log, id, what, repo, job.Request.Branch, Short(s.ShaAfter), seconds, worker);
                break;
            case JobOutcome.Succeeded s:
                Updated(log, id, what, repo, job.Request.Branch, Short(s.ShaBefore), Short(s.ShaAfter), seconds, worker);
                break;
            case JobOutcome.Failed f:
                Failed(log, id, what, repo, f.Attempts, seconds, worker, f.Failure.Message, f.Failure.Output);
                break;
        }
    }

    private static string Short(Option<string> sha) => sha.Match(Sha.Short, () => "nothing");

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { Length: > 0 } line
            ? (line.Length > 200 ? line[..200] + "…" : line)
            : "(no output)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Action} of {Repo} (branch {Branch}) succeeded in {Seconds} s on worker {Worker}; it said: {LastLine}")]
    private static partial void Imported(ILogger log, JobId jobId, string action, string repo, string branch, double seconds, int worker, string lastLine);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Action} of {Repo} (branch {Branch}) found nothing new, still at {ShaAfter}, in {Seconds} s on worker {Worker}")]
    private static partial void UpToDate(ILogger log, JobId jobId, string action, string repo, string branch, string shaAfter, double seconds, int worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Action} of {Repo} (branch {Branch}) moved it from {ShaBefore} to {ShaAfter} in {Seconds} s on worker {Worker}")]
    private static partial void Updated(ILogger log, JobId jobId, string action, string repo, string branch, string shaBefore, string shaAfter, double seconds, int worker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: {Action} of {Repo} failed on try {Attempts} after {Seconds} s on worker {Worker}: {Error}\n{Output}")]
    private static partial void Failed(ILogger log, JobId jobId, string action, string repo, int attempts, double seconds, int worker, string error, string output);

    /// <summary>Logs an update's failed try that will be tried again.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Update of {Repo} (branch {Branch}): try {Attempt} of {MaxAttempts} failed: {Error}; trying again in {Seconds} s")]
    internal static partial void Retrying(ILogger log, string repo, string branch, int attempt, int maxAttempts, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} of {Repo} was cut off by shutdown at the end of the grace period: {Requeued}")]
    private static partial void CutOff(ILogger log, JobId jobId, string repo, string requeued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ended but the journal cannot record it now; trying again every 2 s: {Error}")]
    private static partial void NotRecordedYet(ILogger log, JobId jobId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ended but the journal did not record it (it runs again after a restart): {Error}")]
    private static partial void NotRecorded(ILogger log, JobId jobId, string error);
}
