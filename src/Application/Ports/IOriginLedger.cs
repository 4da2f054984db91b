using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// What the journal keeps about origins for the reconcile loop: who asks a checkout's origin this
/// round (one host of the fleet), what origin last said, and what the decision needs to know.
/// </summary>
public interface IOriginLedger
{
    /// <summary>
    /// Claims for <paramref name="host"/> the asking of <paramref name="repo"/>'s origin for
    /// <paramref name="branch"/> until <paramref name="lease"/> from now, and reads what the decision
    /// needs; none when another host holds the claim (it asked this round).
    /// </summary>
    Task<Either<Error, Option<OriginRound>>> Claim(RepoName repo, string branch, JobAction follow, HostId host, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Records what origin said for <paramref name="branch"/> of <paramref name="repo"/>, now.</summary>
    Task<Either<Error, Unit>> Note(RepoName repo, string branch, OriginNote note, CancellationToken cancellationToken);

    /// <summary>What each asked origin last said, by checkout and branch.</summary>
    Task<Either<Error, Seq<OriginSeen>>> Known(CancellationToken cancellationToken);

    /// <summary>What the origins of <paramref name="repos"/> last said, by checkout and branch (at most 100 repositories: one page of the dashboard).</summary>
    Task<Either<Error, Seq<OriginSeen>>> Known(Seq<RepoName> repos, CancellationToken cancellationToken);
}

/// <summary>What a claim read: the last word of origin, the other holders, the imports and the queue of the checkout.</summary>
/// <param name="Previous">What origin said last time, if it was asked before.</param>
/// <param name="Others">The other hosts on the branch, as they last registered (HEAD included).</param>
/// <param name="LastImport">The newest import of the checkout that succeeded.</param>
/// <param name="Baseline">Origin's commit recorded when imports were first followed.</param>
/// <param name="LastEnd">The newest job of the followed work that ended.</param>
/// <param name="InHand">Whether a job of the followed work waits or runs.</param>
public sealed record OriginRound(
    Option<OriginSeen> Previous, Seq<HeldCheckout> Others, Option<DoneImport> LastImport, Option<ImportBaseline> Baseline, Option<EndedJob> LastEnd, WorkInHand InHand)
{
    /// <summary>The commits the checkout was rolled back from (each the one its rollback named, on every host) by the rollbacks that succeeded since its newest update that did, newest first.</summary>
    public Seq<string> RolledBackFrom { get; init; } = Seq<string>.Empty;
}

/// <summary>What origin said about one branch of a checkout, as last asked.</summary>
/// <param name="Repo">The checkout.</param>
/// <param name="Branch">The branch.</param>
/// <param name="Commit">Origin's commit of the branch at the last answer (none: origin has no such branch).</param>
/// <param name="AskedAt">When origin was last asked, answered or not.</param>
/// <param name="AskedBy">The host that asked.</param>
/// <param name="UnreachableSince">Since when every ask failed, while it does.</param>
/// <param name="Error">Why the last ask failed, while it does.</param>
public sealed record OriginSeen(
    RepoName Repo, string Branch, Option<string> Commit, DateTimeOffset AskedAt, HostId AskedBy, Option<DateTimeOffset> UnreachableSince, Option<string> Error)
{
    /// <summary>True while asking origin fails.</summary>
    public bool Unreachable => UnreachableSince.IsSome;
}

/// <summary>What to record of one ask of origin.</summary>
public abstract record OriginNote
{
    private OriginNote() { }

    /// <summary>Origin answered: the branch is at <paramref name="Commit"/> (none: no such branch); <paramref name="Baseline"/> records it as imported.</summary>
    public sealed record Answered(Option<string> Commit, bool Baseline) : OriginNote;

    /// <summary>Origin could not be asked, for <paramref name="Error"/>.</summary>
    public sealed record Unreachable(string Error) : OriginNote;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Answered, T> answered, Func<Unreachable, T> unreachable) => this switch
    {
        Answered a => answered(a),
        Unreachable u => unreachable(u),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
