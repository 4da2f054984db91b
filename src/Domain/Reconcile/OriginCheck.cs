using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>
/// What the reconcile loop knows about one followed checkout before it hears origin: what to queue,
/// which hosts hold it on the branch, what imports did, and what is already queued.
/// </summary>
/// <param name="Follow">The job to queue when origin moved (<c>POLL</c>'s update or import).</param>
/// <param name="Repo">The checkout.</param>
/// <param name="Branch">The branch followed: the one the asking host has checked out.</param>
/// <param name="Asking">The asking host's checkout, as read from its disk: its origin URL is the job's.</param>
/// <param name="Others">The other hosts on that branch, as registered.</param>
/// <param name="LastImport">The newest import of the checkout that succeeded, if any.</param>
/// <param name="Baseline">Origin's commit when imports of the checkout were first followed, if recorded.</param>
/// <param name="LastEnd">The newest job of this work on the checkout that ended, if any.</param>
/// <param name="InHand">Whether a job of this work already waits or runs.</param>
public sealed record OriginCheck(
    JobAction Follow,
    RepoName Repo,
    string Branch,
    HeldCheckout Asking,
    Seq<HeldCheckout> Others,
    Option<DoneImport> LastImport,
    Option<ImportBaseline> Baseline,
    Option<EndedJob> LastEnd,
    WorkInHand InHand)
{
    /// <summary>The commits an operator rolled the checkout back from, by every rollback that succeeded since its newest update that did: none is queued again.</summary>
    public Seq<string> RolledBackFrom { get; init; } = Seq<string>.Empty;

    /// <summary>The hosts on the branch, the asking host first.</summary>
    public Seq<HeldCheckout> Holders => Asking.Cons(Others);
}

/// <summary>An import that succeeded <paramref name="At"/>, of <paramref name="Commit"/> when known (a job run by hand names none).</summary>
public sealed record DoneImport(Option<string> Commit, DateTimeOffset At);

/// <summary>Origin's commit recorded <paramref name="At"/> as already imported: the first round's, so that starting to follow imports nothing.</summary>
public sealed record ImportBaseline(string Commit, DateTimeOffset At);

/// <summary>A job that ended: the commit it was asked for (<paramref name="After"/>, none for a job asked for by hand) and whether it failed for a reason another try would meet again.</summary>
public sealed record EndedJob(Option<string> After, bool FailedForGood);

/// <summary>Whether a job of the followed work is already in the queue of the checkout.</summary>
public enum WorkInHand
{
    /// <summary>None waits or runs.</summary>
    None,

    /// <summary>One waits: a new request merges into it.</summary>
    Waiting,

    /// <summary>One runs and none waits: it may bring origin's commit; the next round looks again.</summary>
    Running,
}
