using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Telemetry;
using GitReload.AspNetCore.Fleet;
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
    JobScheduler scheduler, RunJob runJob, FleetPresence presence, WorkerPool.Settings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger<WorkerPool> log)
    : IHostedService, IDisposable
{
    /// <summary>How many workers run, and how long running jobs may go on after a stop is asked.</summary>
    public sealed record Settings(int Workers, TimeSpan Grace);

    private readonly CancellationTokenSource stopTaking = new();
    private readonly CancellationTokenSource stopRunning = new();
    private Task workers = Task.CompletedTask;
    private int alive;

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
                var outcome = await Run(job);
                if (outcome.IsNone)
                {
                    var requeued = await scheduler.Requeue(job.Job);
                    CutOff(log, job.Job, job.Request.Repo.Value, requeued.Match(_ => "queued again", e => e.Message));
                    return;
                }

                foreach (var ended in outcome)
                {
                    Report(job, worker, ended);
                    metrics.Finished(job.Request.Action, ended, clock.GetElapsedTime(started));
                    await Record(job.Job, ended);
                    await presence.RegisterOne(job.Request.Repo, CancellationToken.None);
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

    private void Report(Claim.Claimed job, int worker, JobOutcome outcome)
    {
        var (id, action, repo) = (job.Job, job.Request.Action, job.Request.Repo.Value);
        switch (outcome)
        {
            case JobOutcome.Succeeded s:
                Succeeded(log, id, action, repo, worker, s.ShaBefore.IfNone("-"), s.ShaAfter.IfNone("-"));
                break;
            case JobOutcome.Failed f:
                Failed(log, id, action, repo, worker, f.Failure.Message, f.Failure.Output);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {Action} of {Repo} succeeded on worker {Worker}: {ShaBefore} -> {ShaAfter}")]
    private static partial void Succeeded(ILogger log, JobId jobId, JobAction action, string repo, int worker, string shaBefore, string shaAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} {Action} of {Repo} failed on worker {Worker}: {Error}\n{Output}")]
    private static partial void Failed(ILogger log, JobId jobId, JobAction action, string repo, int worker, string error, string output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} of {Repo} was cut off by shutdown at the end of the grace period: {Requeued}")]
    private static partial void CutOff(ILogger log, JobId jobId, string repo, string requeued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ended but the journal cannot record it now; trying again every 2 s: {Error}")]
    private static partial void NotRecordedYet(ILogger log, JobId jobId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ended but the journal did not record it (it runs again after a restart): {Error}")]
    private static partial void NotRecorded(ILogger log, JobId jobId, string error);
}
