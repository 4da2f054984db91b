using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Hooks;
using GitReload.Application.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Fleet;

/// <summary><c>GET /hosts</c>, and <c>POST /hosts/{id}/forget</c> (with <c>ADMIN_TOKEN</c>) to retire a host.</summary>
public static class HostsModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/hosts", List);
        app.MapPost("/hosts/{id}/forget", Forget);
    }

    private static async Task<IResult> List(ReadHosts hosts, CancellationToken ct) =>
        (await hosts.Handle(ct)).Match(
            Right: found => TypedResults.Json(HostsReply.From(found), HttpJson.Default.HostsReply),
            Left: error => HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, error.Message));

    private static async Task<IResult> Forget(string id, HttpRequest request, AdminSettings admin, ForgetHost forget, CancellationToken ct)
    {
        foreach (var refused in AdminModule.Refusal(request, admin))
            return refused;
        return (await forget.Handle(id, ct)).Match(
            Right: ended => HookAnswers.Reply(StatusCodes.Status200OK, $"Host {id} retired; {ended} jobs ended"),
            Left: error => HookAnswers.Reply(error.Message.StartsWith("HOST_ID", StringComparison.Ordinal) ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable, error.Message));
    }
}
