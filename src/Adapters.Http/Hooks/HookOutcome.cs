using GitReload.Application.Hooks;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>A short, stable label for what became of a delivery, for metrics.</summary>
public static class HookOutcome
{
    /// <summary>Refused: the signature is missing or wrong.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>Refused: the body is over the limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Refused for now: the bodies being read hold the whole budget.</summary>
    public const string NoRoom = "busy";

    /// <summary>Refused: the body did not arrive in time.</summary>
    public const string TooSlow = "timeout";

    /// <summary>Refused: the body's HTTP framing (chunks) is not valid.</summary>
    public const string BadFraming = "bad_framing";

    /// <summary>The client went away before the end of its body.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The label for a handled delivery.</summary>
    public static string Of(HookReceipt receipt) => receipt.Match(
        answered: a => a.Decision.Match(
            pong: _ => "pong",
            ignoredEvent: _ => "ignored_event",
            badRequest: _ => "bad_request",
            serverProblem: _ => "server_problem",
            branchMismatch: _ => "branch_mismatch",
            branchDeleted: _ => "branch_deleted",
            enqueue: _ => "queued"),
        queued: q => q.Job.Merged ? "merged" : "queued",
        notRecorded: _ => "not_recorded",
        alreadyReceived: _ => "redelivery");
}
