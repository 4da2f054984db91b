using GitReload.Application.Reconcile;

namespace GitReload.AspNetCore.Reconcile;

/// <summary>
/// Queues the retries of failed updates when they fall due (<see cref="HealFailedJobs"/>): it looks
/// when the next one is due, and every <see cref="Check"/> for failures recorded meanwhile, by this host or another.
/// </summary>
public sealed partial class HealLoop(HealFailedJobs heal, TimeProvider clock, ILogger<HealLoop> log) : BackgroundService
{
    /// <summary>The longest the loop waits before it looks again.</summary>
    public static readonly TimeSpan Check = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var lookAgain = clock.GetUtcNow() + Check;
                foreach (var report in await Handle(stoppingToken))
                {
                    foreach (var (pending, queued) in report.Queued)
                        queued.Match(
                            answered: _ => 0,
                            queued: q => { Retried(log, pending.Mark.FailedJob.Value, pending.Request.Repo.Value, q.Job.Id.Value, pending.Mark.Rung + 1); return 0; },
                            notRecorded: n => { NotRetried(log, pending.Mark.FailedJob.Value, n.Error.Message); return 0; },
                            alreadyReceived: _ => 0);
                    foreach (var due in report.NextDue.Filter(d => d < lookAgain))
                        lookAgain = due;
                }
                var wait = lookAgain - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // A journal that is away says so as a value; anything else must not end the healing for the service's life.
    private async Task<LanguageExt.Seq<HealReport>> Handle(CancellationToken stoppingToken)
    {
        try
        {
            return (await heal.Handle(stoppingToken)).RightToSeq();
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            Failed(log, e);
            return LanguageExt.Seq<HealReport>.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for failed updates to try again failed unexpectedly; looking again in 30 s")]
    private static partial void Failed(ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {FailedJob} of {Repo} failed for a passing reason; tried again as job {JobId} (retry {Retry})")]
    private static partial void Retried(ILogger log, long failedJob, string repo, long jobId, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {FailedJob} is due to be tried again, but the retry could not be recorded (tried again later): {Error}")]
    private static partial void NotRetried(ILogger log, long failedJob, string error);
}
