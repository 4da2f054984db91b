using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;

namespace GitReload.Domain.Reconcile;

/// <summary>What one round of the reconcile loop does for a checkout, once origin was asked.</summary>
public abstract record Reconciled
{
    private Reconciled() { }

    /// <summary>Every holder's HEAD (an update), or the newest import (an import), is origin's <paramref name="Commit"/>: nothing to do.</summary>
    public sealed record InSync(string Commit) : Reconciled;

    /// <summary>Origin is at <paramref name="Commit"/> and something is behind: queue <paramref name="Job"/> for <paramref name="Targets"/>.</summary>
    public sealed record Behind(string Commit, JobRequest Job, JobTargets Targets) : Reconciled;

    /// <summary>The first round of an import: origin's <paramref name="Commit"/> is recorded as imported, nothing is queued.</summary>
    public sealed record Baseline(string Commit) : Reconciled;

    /// <summary>Behind origin's <paramref name="Commit"/>, but the same work runs now: the next round looks again.</summary>
    public sealed record Busy(string Commit) : Reconciled;

    /// <summary>Behind origin's <paramref name="Commit"/>, but the job for it failed for good: a new commit, a push or an operator queues it again.</summary>
    public sealed record GaveUp(string Commit) : Reconciled;

    /// <summary>Behind origin's <paramref name="Commit"/>, but an operator rolled the checkout back from it: a new commit, a push or an operator queues it again.</summary>
    public sealed record RolledBack(string Commit) : Reconciled;

    /// <summary>Origin has no branch <paramref name="Branch"/>: nothing is queued (a push deleting it is ignored too).</summary>
    public sealed record BranchGone(string Branch) : Reconciled;

    /// <summary>Origin could not be asked: nothing is queued.</summary>
    public sealed record Unreachable(string Error) : Reconciled;

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<InSync, T> inSync,
        Func<Behind, T> behind,
        Func<Baseline, T> baseline,
        Func<Busy, T> busy,
        Func<GaveUp, T> gaveUp,
        Func<RolledBack, T> rolledBack,
        Func<BranchGone, T> branchGone,
        Func<Unreachable, T> unreachable) => this switch
    {
        InSync s => inSync(s),
        Behind b => behind(b),
        Baseline b => baseline(b),
        Busy b => busy(b),
        GaveUp g => gaveUp(g),
        RolledBack r => rolledBack(r),
        BranchGone g => branchGone(g),
        Unreachable u => unreachable(u),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
