using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Hooks;
using GitReload.Application.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Fleet;

/// <summary><c>GET /hosts</c>, and <c>POST /hosts/{id}/forget</c> (with <c>ADMIN_TOKEN</c>) to retire a host.</summary>
public static class HostsModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/hosts", List)
            .WithTags(OpenApiTags.Hosts)
            .WithSummary("Every host of the fleet: live or down, its version, when it was last seen, its checkouts")
            .Produces<HostsReply>(StatusCodes.Status200OK)
            .Produces<Hooks.HookReply>(StatusCodes.Status503ServiceUnavailable);
        app.MapPost("/hosts/{id}/forget", Forget)
            .WithTags(OpenApiTags.Operator)
            .WithSummary("Retire a host: its waiting jobs are cancelled and it leaves the fleet")
            .WithDescription("Needs Authorization: Bearer <ADMIN_TOKEN>; 404 when ADMIN_TOKEN is not set.")
            .Produces<Hooks.HookReply>(StatusCodes.Status200OK)
            .Produces<Hooks.HookReply>(StatusCodes.Status401Unauthorized)
            .Produces<Hooks.HookReply>(StatusCodes.Status404NotFound)
            .Produces<Hooks.HookReply>(StatusCodes.Status409Conflict)
            .Produces<Hooks.HookReply>(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> List(ReadHosts hosts, CancellationToken ct) =>
        (await hosts.Handle(ct)).Match(
            Right: found => TypedResults.Json(HostsReply.From(found), HttpJson.Answers.HostsReply),
            Left: error => HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, error.Message));

    private static async Task<IResult> Forget(string id, HttpContext context, AdminSettings admin, ForgetHost forget, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        foreach (var refused in AdminModule.Refusal(context, admin, clock, logs.CreateLogger(typeof(AdminModule)), "/hosts/{id}/forget"))
            return refused;
        return (await forget.Handle(id, ct)).Match(
            Right: ended => HookAnswers.Reply(StatusCodes.Status200OK, $"Host {id} retired; {ended} job{(ended == 1 ? "" : "s")} ended"),
            Left: refused => HookAnswers.Reply(
                refused.Match(
                    notAHostId: _ => StatusCodes.Status400BadRequest,
                    unknown: _ => StatusCodes.Status404NotFound,
                    stillLive: _ => StatusCodes.Status409Conflict,
                    journalFailed: _ => StatusCodes.Status503ServiceUnavailable),
                refused.Message));
    }
}
