using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>A job's status as <c>/jobs</c> shows it, from the statuses of its targets.</summary>
public static class JobProgress
{
    /// <summary>
    /// Queued while no target started; running until every target ended; then failed when any
    /// target failed, succeeded when any succeeded (or all were superseded by newer jobs), and
    /// cancelled when every host it had was retired.
    /// </summary>
    public static JobStatus Of(Seq<TargetStatus> targets) =>
        targets.ForAll(t => t == TargetStatus.Queued) ? JobStatus.Queued
        : targets.Exists(t => t is TargetStatus.Queued or TargetStatus.Running) ? JobStatus.Running
        : targets.Exists(t => t == TargetStatus.Failed) ? JobStatus.Failed
        : targets.Exists(t => t is TargetStatus.Succeeded or TargetStatus.Superseded) ? JobStatus.Succeeded
        : JobStatus.Cancelled;

    /// <summary>True once no target of the job is left to run.</summary>
    public static bool IsDone(JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
