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
            app.MapPost("/", Import);
            app.MapPost("/gitreload", Import);
        }
        if (actions.Contains(JobAction.GetLatest))
            app.MapPost("/update", Update);
    }

    private static Task<IResult> Import(HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.CourseImport, request, receive, settings, metrics, log, ct);

    private static Task<IResult> Update(HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.GetLatest, request, receive, settings, metrics, log, ct);

    private static Option<string> RepositoryOf(HookEvent hook) =>
        hook is HookEvent.Push push ? Option<string>.Some(push.Event.RepositoryName) : Option<string>.None;

    private static async Task<IResult> Receive(
        JobAction route, HttpRequest request, ReceiveHook receive, HttpSettings settings, GitReloadMetrics metrics, ILogger log, CancellationToken ct)
    {
        var body = await BoundedBody.Read(request, settings.MaxPayloadBytes, ct);
        if (body is null)
        {
            HookLog.TooLarge(log, settings.MaxPayloadBytes);
            metrics.Hook(Forge.Unknown, HookOutcome.TooLarge);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var delivery = await HookReader.Read(request.Headers, request.ContentType, body.Value);
        var secrets = settings.Secrets.For(RepositoryOf(delivery.Event));
        if (!secrets.IsEmpty && !Signature.IsValid(delivery.Forge, request.Headers, body.Value.Span, secrets))
        {
            HookLog.Rejected(log, delivery, "the signature is missing or wrong");
            metrics.Hook(delivery.Forge, HookOutcome.Unauthorized);
            return HookAnswers.Reply(StatusCodes.Status401Unauthorized, "Invalid signature");
        }

        var receipt = await receive.Handle(route, delivery, ct);
        HookLog.Write(log, delivery, receipt);
        metrics.Hook(delivery.Forge, HookOutcome.Of(receipt));
        if (receipt is HookReceipt.Queued { Job.Merged: true } merged)
            metrics.Merged(merged.Job.Action);
        return HookAnswers.For(receipt);
    }
}
