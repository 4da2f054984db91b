using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;

namespace GitReload.Domain.Hooks;

/// <summary>What GitReload does with a webhook delivery. Every hook answer comes from one of these.</summary>
public abstract record Decision
{
    private Decision() { }

    /// <summary>Answer a ping.</summary>
    public sealed record Pong : Decision;

    /// <summary>The event is not a push; nothing to do.</summary>
    public sealed record IgnoredEvent : Decision;

    /// <summary>The delivery cannot be read; <paramref name="Reason"/> says what is wrong with it.</summary>
    public sealed record BadRequest(string Reason) : Decision;

    /// <summary>This host cannot act on the repository; the operator has to fix something.</summary>
    public sealed record ServerProblem(CheckoutProblem Problem) : Decision;

    /// <summary>The push moved a ref other than the checked-out branch.</summary>
    public sealed record BranchMismatch(string PushedRef, string CheckedOut) : Decision;

    /// <summary>The push deleted the checked-out branch; the checkout is left as it is.</summary>
    public sealed record BranchDeleted(string Branch) : Decision;

    /// <summary>Queue <paramref name="Job"/>, to be run by <paramref name="Targets"/>.</summary>
    public sealed record Enqueue(JobRequest Job, JobTargets Targets) : Decision;

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<Pong, T> pong,
        Func<IgnoredEvent, T> ignoredEvent,
        Func<BadRequest, T> badRequest,
        Func<ServerProblem, T> serverProblem,
        Func<BranchMismatch, T> branchMismatch,
        Func<BranchDeleted, T> branchDeleted,
        Func<Enqueue, T> enqueue) => this switch
    {
        Pong p => pong(p),
        IgnoredEvent i => ignoredEvent(i),
        BadRequest b => badRequest(b),
        ServerProblem s => serverProblem(s),
        BranchMismatch m => branchMismatch(m),
        BranchDeleted d => branchDeleted(d),
        Enqueue e => enqueue(e),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>Why this host cannot act on a repository.</summary>
public enum CheckoutProblem
{
    /// <summary><c>REPODIR</c> is missing.</summary>
    RepoDirMissing,

    /// <summary>No git working tree at <c>REPODIR/&lt;name&gt;</c>.</summary>
    NotACheckout,

    /// <summary>The checkout has no <c>origin</c> remote.</summary>
    NoOrigin,

    /// <summary>The checkout is on a detached HEAD.</summary>
    DetachedHead,
}
