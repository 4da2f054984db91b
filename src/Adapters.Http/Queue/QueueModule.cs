using GitReload.Application.Queue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Queue;

/// <summary><c>GET /queue</c>.</summary>
public static class QueueModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app) => app.MapGet("/queue", Read)
        .WithTags(OpenApiTags.Queue)
        .WithSummary("The jobs waiting or running, oldest first")
        .Produces<QueueReply>(StatusCodes.Status200OK);

    private static async Task<IResult> Read(ReadQueue queue, CancellationToken ct) =>
        (await queue.Handle(ct)).Match(
            Right: jobs => TypedResults.Json(QueueReply.From(jobs), HttpJson.Answers.QueueReply),
            Left: error => Hooks.HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, error.Message));
}
