using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// The reconcile loop's decision for one followed checkout, once origin said where its branch is:
/// <list type="bullet">
/// <item>an update for the holders whose HEAD is not origin's commit;</item>
/// <item>an import when origin's commit is not the newest import's (or the baseline's, whichever
/// is newer); the first round only records the baseline, so that starting to follow imports nothing.</item>
/// </list>
/// Nothing is queued while the same work runs (the next round looks again), nor again for a commit
/// whose job failed for good, nor for a commit an operator rolled the checkout back from (every
/// rollback since the last update holds until origin moves on, a push comes or an operator asks). A job already waiting takes the request (it merges, as a push does).
/// </summary>
public static class Convergence
{
    /// <summary>What to do for <paramref name="check"/>'s checkout, given <paramref name="answer"/> from origin.</summary>
    public static Reconciled Decide(OriginCheck check, OriginAnswer answer) => answer.Match(
        unreachable: u => new Reconciled.Unreachable(u.Error),
        branches: b => b.Of(check.Branch).Match(
            None: () => new Reconciled.BranchGone(check.Branch),
            Some: commit => check.Follow == JobAction.CourseImport ? Import(check, commit) : Update(check, commit)));

    private static Reconciled Update(OriginCheck check, string commit)
    {
        var behind = check.Holders.Filter(h => !h.Head.Exists(head => head == commit));
        return behind.IsEmpty ? new Reconciled.InSync(commit)
            : check.RolledBackFrom.Exists(from => from == commit) ? new Reconciled.RolledBack(commit)
            : Queue(check, commit, new JobTargets.Each(behind.Map(h => h.Host)));
    }

    private static Reconciled Import(OriginCheck check, string commit)
    {
        var imported = check.Baseline.Match(
            None: () => Option<Option<string>>.None,
            Some: baseline => check.LastImport.Filter(done => done.At > baseline.At).Match(
                Some: done => done.Commit,
                None: () => Option<string>.Some(baseline.Commit)));
        return imported.Match(
            // Never followed before, or imported by hand since (commit unknown): origin's commit becomes the baseline.
            None: () => new Reconciled.Baseline(commit),
            Some: known => known.Match(
                Some: done => done == commit ? new Reconciled.InSync(commit) : Queue(check, commit, new JobTargets.AnyOne(check.Holders.Map(h => h.Host))),
                None: () => new Reconciled.Baseline(commit)));
    }

    private static Reconciled Queue(OriginCheck check, string commit, JobTargets targets) =>
        check.InHand == WorkInHand.Running ? new Reconciled.Busy(commit)
        : check.LastEnd.Exists(e => e.FailedForGood && e.After.Exists(a => a == commit)) ? new Reconciled.GaveUp(commit)
        : new Reconciled.Behind(
            commit,
            new JobRequest(check.Repo, check.Follow, check.Asking.OriginUrl, check.Branch, Option<string>.Some(commit)),
            targets);
}
