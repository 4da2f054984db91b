using GitReload.Domain.Fleet;
using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>How a job ended, from how each of its targets ended: one outcome for its commit status and notification.</summary>
public static class JobEnd
{
    /// <summary>
    /// The end of job <paramref name="id"/>: a host alone ends as its target did; a fleet job fails
    /// when any target failed (naming the host and its error, an error only when every failure may
    /// pass), else it succeeds. Cancelled targets (retired hosts) do not count.
    /// </summary>
    public static JobEvent.Finished Of(JobId id, JobRequest request, Seq<TargetEnd> targets)
    {
        var counted = targets.Filter(t => t.Status != TargetStatus.Cancelled);
        var failed = counted.Choose(t => t.Outcome.Bind(o => o is JobOutcome.Failed f ? Option<(TargetEnd, JobOutcome.Failed)>.Some((t, f)) : Option<(TargetEnd, JobOutcome.Failed)>.None));
        var tally = new HostTally(
            counted.Count(t => t.Status == TargetStatus.Succeeded),
            counted.Count(t => t.Status == TargetStatus.Superseded),
            failed.Count,
            counted.Count);
        var attempts = counted.Choose(t => t.Outcome).Fold(0, (most, o) => Math.Max(most, o.Match(s => s.Attempts, f => f.Attempts)));
        JobOutcome outcome = counted.Count == 1 && counted.Head.Outcome.IsSome
            ? counted.Head.Outcome.IfNone(() => throw new System.Diagnostics.UnreachableException())
            : failed.IsEmpty
                ? new JobOutcome.Succeeded(Before(counted), After(counted), "", attempts)
                : Failure(failed, counted.Count, attempts) with { ShaBefore = Before(counted), ShaAfter = After(counted) };
        return new JobEvent.Finished(id, request, outcome) { Tally = tally };
    }

    private static JobOutcome.Failed Failure(Seq<(TargetEnd Target, JobOutcome.Failed Failed)> failed, int of, int attempts)
    {
        var (first, firstFailed) = failed.Head;
        var host = first.Host.Map(h => h.Value).IfNone("no host");
        var more = failed.Count > 1 ? $" (and {failed.Count - 1} more of {of} hosts)" : "";
        return new JobOutcome.Failed(
            new JobFailure($"on {host}: {firstFailed.Failure.Message}{more}", firstFailed.Failure.Output, failed.ForAll(f => f.Failed.Failure.Transient)),
            attempts);
    }

    private static Option<string> Before(Seq<TargetEnd> targets) => Agreed(targets, o => o.Match(s => s.ShaBefore, f => f.ShaBefore));

    private static Option<string> After(Seq<TargetEnd> targets) => Agreed(targets, o => o.Match(s => s.ShaAfter, f => f.ShaAfter));

    // The SHA every target that ran and knows it agrees on.
    private static Option<string> Agreed(Seq<TargetEnd> targets, Func<JobOutcome, Option<string>> sha)
    {
        var known = targets.Choose(t => t.Outcome.Bind(sha)).Distinct().ToSeq();
        return known.Count == 1 ? known.Head : Option<string>.None;
    }
}

/// <summary>How one target of a job ended: its host, its status, and its outcome when it ran.</summary>
public sealed record TargetEnd(Option<HostId> Host, TargetStatus Status, Option<JobOutcome> Outcome);
