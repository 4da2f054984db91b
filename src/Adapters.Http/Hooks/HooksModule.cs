using GitReload.Adapters.Http.Signatures;
using GitReload.Application.Hooks;
using GitReload.Application.Telemetry;
using GitReload.Domain.Hooks;
using LanguageExt;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>The hook routes: <c>POST /</c> and <c>POST /gitreload</c> import a course, <c>POST /update</c> updates a checkout.</summary>
public sealed class HooksModule
{
    /// <summary>Maps the hook routes of the <paramref name="actions"/> this service runs, and no other.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app, IReadOnlySet<JobAction> actions)
    {
        if (actions.Contains(JobAction.CourseImport))
        {
            Describe(app.MapPost("/", Import), "Queue a course import (the original tool's route)");
            Describe(app.MapPost("/gitreload", Import), "Queue a course import");
        }
        if (actions.Contains(JobAction.GetLatest))
            Describe(app.MapPost("/update", Update), "Queue an update of the checkout");
    }

    private static void Describe(RouteHandlerBuilder route, string summary) => route
        .WithTags(OpenApiTags.Hooks)
        .WithSummary(summary)
        .WithDescription(
            "A forge's push webhook; the forge and event come from its headers (X-GitHub-Event, X-Gitea-Event, X-Forgejo-Event, "
            + "X-Gitlab-Event, X-Event-Key). The body is JSON, or application/x-www-form-urlencoded with the JSON in the field payload.")
        .Produces<HookReply>(StatusCodes.Status200OK)
        .Produces<HookReply>(StatusCodes.Status400BadRequest)
        .Produces<HookReply>(StatusCodes.Status401Unauthorized)
        .Produces<HookReply>(StatusCodes.Status408RequestTimeout)
        .Produces(StatusCodes.Status413PayloadTooLarge)
        .Produces<HookReply>(StatusCodes.Status500InternalServerError)
        .Produces<HookReply>(StatusCodes.Status503ServiceUnavailable);

    private static Task<IResult> Import(HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.CourseImport, request, receive, settings, metrics, clock, log, ct);

    private static Task<IResult> Update(HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.GetLatest, request, receive, settings, metrics, clock, log, ct);

    private static Option<string> RepositoryOf(HookEvent hook) =>
        hook is HookEvent.Push push ? Option<string>.Some(push.Event.RepositoryName) : Option<string>.None;

    // Read (bounded, hashing on the way) → check the signature → parse → check the repository's own secrets → decide.
    // A delivery signed with none of the configured secrets, while every delivery must be signed, is refused
    // before its body is parsed, and one without any signature before its body is read.
    private static async Task<IResult> Receive(
        JobAction route, HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger log, CancellationToken ct)
    {
        var (forge, id) = HookReader.Sender(request.Headers);
        var secrets = settings.Secrets;
        var claim = SignatureClaim.Of(forge, request.Headers);
        if (secrets.RequiredForAll && StreamedSignature.NoneCanMatch(claim, secrets.All))
            return Unsigned(request, forge, id, metrics, log);

        using var signature = new StreamedSignature(claim, secrets.All);
        var read = await BoundedBody.Read(request, settings, signature, ct);
        if (read is not BodyRead.Complete { Body: var body })
            return Refused(read, request, forge, id, settings, metrics, clock, log);

        Delivery delivery;
        using (body)
        {
            if (secrets.RequiredForAll && signature.Covers && !signature.IsSignedWithAny(secrets.All, () => body.Bytes))
                return Unsigned(request, forge, id, metrics, log);
            delivery = await HookReader.Read(request.Headers, request.ContentType, body.Bytes);
            var own = secrets.For(RepositoryOf(delivery.Event));
            if (!own.IsEmpty && !signature.IsSignedWithAny(own, () => body.Bytes))
            {
                HookLog.Rejected(log, delivery, "the signature is missing or wrong");
                metrics.Hook(delivery.Forge, HookOutcome.Unauthorized);
                return HookAnswers.For(RequestRefusal.InvalidSignature);
            }
        }

        var receipt = await receive.Handle(route, delivery, ct);
        HookLog.Write(log, delivery, receipt);
        metrics.Hook(delivery.Forge, HookOutcome.Of(receipt));
        if (receipt is HookReceipt.Queued { Job.Merged: true } merged)
            metrics.Merged(merged.Job.Action);
        return HookAnswers.For(receipt);
    }

    private static IResult Unsigned(HttpRequest request, Forge forge, Option<string> id, GitReloadMetrics metrics, ILogger log)
    {
        HookLog.Rejected(log, forge, id, "the signature is missing or wrong");
        metrics.Hook(forge, HookOutcome.Unauthorized);
        // What is left of the body is not worth reading: the connection ends with the answer.
        request.HttpContext.Response.Headers.Connection = "close";
        return HookAnswers.For(RequestRefusal.InvalidSignature);
    }

    private static IResult Refused(
        BodyRead read, HttpRequest request, Forge forge, Option<string> id, HttpSettings settings, GitReloadMetrics metrics, TimeProvider clock, ILogger log)
    {
        var response = request.HttpContext.Response;
        response.Headers.Connection = "close";
        var (outcome, kind, what, answer) = read.Match<(string, string, string, IResult)>(
            complete: _ => throw new System.Diagnostics.UnreachableException(),
            tooLarge: _ => (HookOutcome.TooLarge, "too large", $"over {settings.MaxPayloadBytes} bytes rejected with 413",
                HookAnswers.For(RequestRefusal.BodyTooLarge)),
            noRoom: _ => (HookOutcome.NoRoom, "over the budget", $"rejected with 503: the bodies being read hold the whole budget of {settings.Bodies.Total} bytes",
                RetryLater(response)),
            tooSlow: _ => (HookOutcome.TooSlow, "too slow", $"rejected with 408: not received in time (all of it within {settings.BodyTimeout.TotalSeconds:0.###} s, at a rate the server accepts)",
                HookAnswers.For(RequestRefusal.BodyTooSlow)),
            broken: b => (HookOutcome.BadFraming, "badly framed", $"rejected with {b.Status}: its HTTP framing is not valid",
                Results.StatusCode(b.Status)),
            abandoned: _ => (HookOutcome.Abandoned, "abandoned", "abandoned by the client before its end", Results.Empty));
        metrics.Hook(forge, outcome);
        if (settings.RefusedBodies.TryWrite(clock.GetUtcNow(), kind, out var notLogged))
            HookLog.BodyRefused(log, forge, id, request.PathBase + request.Path, what, NotLogged(notLogged));
        return answer;
    }

    private static string NotLogged(IReadOnlyList<(string Kind, long Count)> notLogged) => notLogged.Count == 0
        ? ""
        : $" ({notLogged.Sum(n => n.Count)} more refused bodies not logged since the last line: {string.Join(", ", notLogged.Select(n => $"{n.Count} {n.Kind}"))})";

    private static IResult RetryLater(HttpResponse response)
    {
        response.Headers.RetryAfter = "5";
        return HookAnswers.For(RequestRefusal.TooManyBodies);
    }
}
