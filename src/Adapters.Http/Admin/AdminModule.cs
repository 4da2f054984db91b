using System.Text;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Signatures;
using GitReload.Application.Hooks;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Admin;

/// <summary>
/// <c>POST /repos/{name}/update</c> and <c>POST /repos/{name}/import</c>: run a job by hand, with
/// <c>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</c>. Without <c>ADMIN_TOKEN</c> they answer 404.
/// </summary>
public static class AdminModule
{
    /// <summary>Maps the operator routes of the <paramref name="actions"/> this service runs, and no other.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app, IReadOnlySet<JobAction> actions)
    {
        if (actions.Contains(JobAction.GetLatest))
            app.MapPost("/repos/{name}/update", Update);
        if (actions.Contains(JobAction.CourseImport))
            app.MapPost("/repos/{name}/import", Import);
    }

    private static Task<IResult> Update(string name, HttpRequest request, AdminSettings admin, RequestJob requestJob, CancellationToken ct) =>
        Run(JobAction.GetLatest, name, request, admin, requestJob, ct);

    private static Task<IResult> Import(string name, HttpRequest request, AdminSettings admin, RequestJob requestJob, CancellationToken ct) =>
        Run(JobAction.CourseImport, name, request, admin, requestJob, ct);

    private static async Task<IResult> Run(JobAction action, string name, HttpRequest request, AdminSettings admin, RequestJob requestJob, CancellationToken ct)
    {
        foreach (var refused in Refusal(request, admin))
            return refused;
        return HookAnswers.For(await requestJob.Handle(action, name, ct));
    }

    /// <summary>The answer to an operator request without the right token (404 while <c>ADMIN_TOKEN</c> is unset), if it has not.</summary>
    public static LanguageExt.Option<IResult> Refusal(HttpRequest request, AdminSettings admin)
    {
        if (admin.Token.IsNone)
            return LanguageExt.Option<IResult>.Some(HookAnswers.Reply(StatusCodes.Status404NotFound, "Not found"));
        if (!admin.Token.Exists(token => IsBearer(request.Headers.Authorization.ToString(), token)))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return LanguageExt.Option<IResult>.Some(HookAnswers.Reply(StatusCodes.Status401Unauthorized, "Invalid token"));
        }
        return LanguageExt.Option<IResult>.None;
    }

    private static bool IsBearer(string header, string token) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && Signature.SameSecret(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));
}
