using System.Diagnostics;
using GitReload.Application.Jobs;
using GitReload.Application.Telemetry;
using GitReload.Domain.Jobs;

namespace GitReload.Host.Jobs;

/// <summary>
/// <c>NUM_THREADS</c> workers taking jobs from the scheduler. The scheduler only hands out jobs
/// whose checkout is free; a job that fails or throws is logged and the worker goes on.
/// </summary>
public sealed partial class WorkerPool(JobScheduler scheduler, RunJob runJob, WorkerPool.Size size, GitReloadMetrics metrics, ILogger<WorkerPool> log) : BackgroundService
{
    /// <summary>How many workers run.</summary>
    public sealed record Size(int Workers);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(1, size.Workers).Select(n => Task.Run(() => Work(n, stoppingToken), CancellationToken.None)));

    private async Task Work(int worker, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            BoardJob job;
            try
            {
                job = await scheduler.Next(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var outcome = await Run(job.Request, stoppingToken);
            scheduler.Finish(job.Id);
            metrics.Finished(job.Request.Action, outcome, Stopwatch.GetElapsedTime(started));
            Report(job, worker, outcome);
        }
    }

    private async Task<JobOutcome> Run(JobRequest job, CancellationToken stoppingToken)
    {
        try
        {
            return await runJob.Handle(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new JobOutcome.Failed(JobFailure.Passing("Stopped by shutdown before it finished"), 1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new JobOutcome.Failed(JobFailure.Permanent($"Unexpected error: {e.GetType().Name}: {e.Message}"), 1);
        }
    }

    private void Report(BoardJob job, int worker, JobOutcome outcome)
    {
        var (id, action, repo) = (job.Id, job.Request.Action, job.Request.Repo.Value);
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
}
