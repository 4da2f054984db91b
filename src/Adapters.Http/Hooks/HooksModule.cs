using Carter;
using GitReload.Application.Hooks;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>The hook routes: <c>POST /</c> and <c>POST /gitreload</c> import a course, <c>POST /update</c> updates a checkout.</summary>
public sealed class HooksModule : ICarterModule
{
    /// <inheritdoc />
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/", Import);
        app.MapPost("/gitreload", Import);
        app.MapPost("/update", Update);
    }

    private static Task<IResult> Import(HttpRequest request, ReceiveHook receive, HttpSettings settings, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.CourseImport, request, receive, settings, log, ct);

    private static Task<IResult> Update(HttpRequest request, ReceiveHook receive, HttpSettings settings, ILogger<HooksModule> log, CancellationToken ct) =>
        Receive(JobAction.GetLatest, request, receive, settings, log, ct);

    private static async Task<IResult> Receive(
        JobAction route, HttpRequest request, ReceiveHook receive, HttpSettings settings, ILogger log, CancellationToken ct)
    {
        var body = await BoundedBody.Read(request, settings.MaxPayloadBytes, ct);
        if (body is null)
        {
            log.LogWarning("Rejected a hook body larger than {Limit} bytes", settings.MaxPayloadBytes);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var delivery = await HookReader.Read(request.Headers, request.ContentType, body.Value);
        var receipt = await receive.Handle(route, delivery, ct);
        HookLog.Write(log, delivery.Event, receipt);
        return HookAnswers.For(receipt);
    }
}
