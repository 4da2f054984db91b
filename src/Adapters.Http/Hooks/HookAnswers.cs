using GitReload.Application.Hooks;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>The one place where a hook's outcome becomes an HTTP status and message. Users match on these texts.</summary>
public static class HookAnswers
{
    /// <summary>The answer to a handled delivery.</summary>
    public static IResult For(HookReceipt receipt) => receipt.Match(
        answered: a => For(a.Decision),
        queued: q => Reply(StatusCodes.Status200OK, QueuedMessage(q.Job.Action, q.Job.Merged, q.Job.QueueSize), q.Job.Id.Value),
        notRecorded: _ => Reply(StatusCodes.Status503ServiceUnavailable, "Could not record the job, please redeliver"),
        alreadyReceived: r => Reply(StatusCodes.Status200OK, "Delivery already received", r.Job.Value));

    /// <summary>
    /// The answer to an operator's request (<c>POST /repos/{name}/...</c>): a hook's, except that a
    /// name with no checkout under <c>REPODIR</c> is 404 naming it, not the original tool's 500.
    /// </summary>
    public static IResult ForOperator(HookReceipt receipt, string name) =>
        receipt is HookReceipt.Answered { Decision: Decision.ServerProblem { Problem: CheckoutProblem.NotACheckout } }
            ? Reply(StatusCodes.Status404NotFound, $"No checkout named {name} under REPODIR")
            : For(receipt);

    /// <summary>The answer to a decision that queued nothing.</summary>
    public static IResult For(Decision decision) => decision.Match(
        pong: _ => Reply(StatusCodes.Status200OK, "pong"),
        ignoredEvent: _ => Reply(StatusCodes.Status200OK, "We do not handle that event"),
        badRequest: b => Reply(StatusCodes.Status400BadRequest, b.Reason),
        serverProblem: s => Reply(StatusCodes.Status500InternalServerError, ProblemMessage(s.Problem)),
        branchMismatch: _ => Reply(StatusCodes.Status200OK, "Branch pushed doesn't match local branch, ignoring"),
        branchDeleted: _ => Reply(StatusCodes.Status200OK, "Branch was deleted, ignoring"),
        enqueue: _ => throw new InvalidOperationException("An enqueue decision is answered once the job is queued"));

    /// <summary>The answer to a request refused before any decision.</summary>
    public static IResult For(RequestRefusal refusal) => refusal switch
    {
        RequestRefusal.InvalidSignature => Reply(StatusCodes.Status401Unauthorized, "Invalid signature"),
        RequestRefusal.BodyTooLarge => Results.StatusCode(StatusCodes.Status413PayloadTooLarge),
        RequestRefusal.BodyTooSlow => Reply(StatusCodes.Status408RequestTimeout, "Body not received in time"),
        RequestRefusal.TooManyBodies => Reply(StatusCodes.Status503ServiceUnavailable, "Too many hook bodies at once, please redeliver"),
        RequestRefusal.InvalidToken => Reply(StatusCodes.Status401Unauthorized, "Invalid token"),
        RequestRefusal.TooManyInvalidTokens => Reply(StatusCodes.Status429TooManyRequests, "Too many invalid tokens, try again later"),
        RequestRefusal.NoOperatorRoutes => Reply(StatusCodes.Status404NotFound, "Not found"),
        RequestRefusal.NoSuchJob => Reply(StatusCodes.Status404NotFound, "No such job"),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>A hook answer with only a message.</summary>
    public static IResult Reply(int status, string message, long? jobId = null) =>
        TypedResults.Json(new HookReply(message, jobId), HttpJson.Answers.HookReply, statusCode: status);

    private static string QueuedMessage(JobAction action, bool merged, int queueSize) => (action, merged) switch
    {
        (JobAction.CourseImport, false) => $"Added course import task to queue. Queue size was {queueSize}",
        (JobAction.CourseImport, true) => $"Course import task already queued. Queue size was {queueSize}",
        (JobAction.GetLatest, false) => $"Added git update task to queue. Queue size was {queueSize}",
        (JobAction.GetLatest, true) => $"Git update task already queued. Queue size was {queueSize}",
        (JobAction.Rollback, false) => $"Added rollback task to queue. Queue size was {queueSize}",
        (JobAction.Rollback, true) => $"Rollback task already queued. Queue size was {queueSize}",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private static string ProblemMessage(CheckoutProblem problem) => problem switch
    {
        CheckoutProblem.RepoDirMissing => "Server configuration issue",
        CheckoutProblem.NotACheckout or CheckoutProblem.NoOrigin => "Repository not valid",
        CheckoutProblem.DetachedHead => "Unable to get current branch of checked out repo",
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
