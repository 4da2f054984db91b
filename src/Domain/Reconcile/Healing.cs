using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// Whether a job that just ended leaves a failed update to heal. An update that failed for a
/// passing reason (every failed host's failure may pass) is retried later on the hosts where it
/// failed, one step further up the ladder when it was itself that retry; a job of the same work
/// that succeeded, or failed for good, ends the healing. Imports are never retried.
/// </summary>
public static class Healing
{
    /// <summary>The change to the checkout's heal, given how job <paramref name="job"/> ended on each target and the heal kept now.</summary>
    public static HealChange After(JobId job, JobAction action, JobOutcome end, Seq<TargetEnd> targets, Option<HealMark> current)
    {
        if (action != JobAction.GetLatest)
            return new HealChange.Keep();
        var wasItsRetry = current.Exists(c => c.RetryJob.Exists(r => r == job));
        return end switch
        {
            JobOutcome.Failed { Failure.Transient: true } => new HealChange.Schedule(
                wasItsRetry ? current.Map(c => c.Rung + 1).IfNone(0) : 0,
                targets.Filter(t => t.Status == TargetStatus.Failed).Choose(t => t.Host)),
            _ when targets.ForAll(t => t.Status == TargetStatus.Cancelled) && !wasItsRetry => new HealChange.Keep(),
            _ when current.IsSome => new HealChange.Clear(),
            _ => new HealChange.Keep(),
        };
    }
}

/// <summary>What a job's end does to its checkout's heal.</summary>
public abstract record HealChange
{
    private HealChange() { }

    /// <summary>Retry the job's request on <paramref name="Hosts"/> after the wait of rung <paramref name="Rung"/>.</summary>
    public sealed record Schedule(int Rung, Seq<HostId> Hosts) : HealChange;

    /// <summary>Nothing is left to heal.</summary>
    public sealed record Clear : HealChange;

    /// <summary>Leave the heal as it is.</summary>
    public sealed record Keep : HealChange;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Schedule, T> schedule, Func<Clear, T> clear, Func<Keep, T> keep) => this switch
    {
        Schedule s => schedule(s),
        Clear c => clear(c),
        Keep k => keep(k),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
