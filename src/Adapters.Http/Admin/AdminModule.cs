using System.Globalization;
using System.Net;
using LanguageExt;
using System.Text;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Signatures;
using GitReload.Application.Hooks;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Admin;

/// <summary>
/// <c>POST /repos/{name}/update</c>, <c>/import</c> and <c>/rollback</c>: run a job by hand, with
/// <c>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</c>. Without <c>ADMIN_TOKEN</c> they answer 404. Wrong
/// tokens are logged (at most once a minute) and slow their address down (<see cref="AdminGuard"/>).
/// </summary>
public static partial class AdminModule
{
    /// <summary>Maps the operator routes of the <paramref name="actions"/> this service runs, and no other.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app, IReadOnlySet<JobAction> actions)
    {
        if (actions.Contains(JobAction.GetLatest))
        {
            Describe(app.MapPost("/repos/{name}/update", Update), "Queue an update of the checkout, without a push");
            Describe(app.MapPost("/repos/{name}/rollback", Rollback), "Queue a rollback of a checkout published atomically to the tree it published before");
        }
        if (actions.Contains(JobAction.CourseImport))
            Describe(app.MapPost("/repos/{name}/import", Import), "Queue a course import of the checkout, without a push");
    }

    private static void Describe(RouteHandlerBuilder route, string summary) => route
        .WithTags(OpenApiTags.Operator)
        .WithSummary(summary)
        .WithDescription("Needs Authorization: Bearer <ADMIN_TOKEN>; 404 when ADMIN_TOKEN is not set.")
        .Produces<HookReply>(StatusCodes.Status200OK)
        .Produces<HookReply>(StatusCodes.Status400BadRequest)
        .Produces<HookReply>(StatusCodes.Status401Unauthorized)
        .Produces<HookReply>(StatusCodes.Status404NotFound)
        .Produces<HookReply>(StatusCodes.Status429TooManyRequests)
        .Produces<HookReply>(StatusCodes.Status500InternalServerError);

    private static Task<IResult> Update(string name, HttpContext context, AdminSettings admin, RequestJob requestJob, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        Run(JobAction.GetLatest, name, context, admin, requestJob, clock, logs.CreateLogger(typeof(AdminModule)), ct);

    private static Task<IResult> Import(string name, HttpContext context, AdminSettings admin, RequestJob requestJob, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        Run(JobAction.CourseImport, name, context, admin, requestJob, clock, logs.CreateLogger(typeof(AdminModule)), ct);

    private static Task<IResult> Rollback(string name, HttpContext context, AdminSettings admin, RequestJob requestJob, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
        Run(JobAction.Rollback, name, context, admin, requestJob, clock, logs.CreateLogger(typeof(AdminModule)), ct);

    private static async Task<IResult> Run(
        JobAction action, string name, HttpContext context, AdminSettings admin, RequestJob requestJob, TimeProvider clock, ILogger log, CancellationToken ct)
    {
        foreach (var refused in Refusal(context, admin, clock, log, action switch { JobAction.CourseImport => "/repos/{name}/import", JobAction.Rollback => "/repos/{name}/rollback", _ => "/repos/{name}/update" }))
            return refused;
        // The server decodes every escape of a path but %2F, so "a%2Fb" reaches here as such: it means
        // the name a/b, which is no folder name, not a folder literally called "a%2Fb".
        var folder = name.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return HookAnswers.ForOperator(await requestJob.Handle(action, folder, ct), folder);
    }

    /// <summary>
    /// The answer to an operator request that may not go on, if it may not: 404 while
    /// <c>ADMIN_TOKEN</c> is unset, 429 for an address locked out after wrong tokens, 401 for a
    /// wrong or missing token (logged at most once a minute, and counted towards a lockout).
    /// </summary>
    public static Option<IResult> Refusal(HttpContext context, AdminSettings admin, TimeProvider clock, ILogger log, string route)
    {
        if (admin.Token.IsNone)
            return Option<IResult>.Some(HookAnswers.For(RequestRefusal.NoOperatorRoutes));

        var now = clock.GetUtcNow();
        var address = ClientAddress(context);
        foreach (var wait in admin.Guard.LockedFor(address, now))
        {
            if (admin.Guard.Log.TryWrite(now, out var notLogged))
                LockedOut(log, route, address, Seconds(wait), NotLogged(notLogged));
            return Option<IResult>.Some(TooManyFailures(context.Response, wait));
        }

        if (!admin.Token.Exists(token => IsBearer(context.Request.Headers.Authorization.ToString(), token)))
        {
            var (count, lockout) = admin.Guard.Failed(address, now);
            if (admin.Guard.Log.TryWrite(now, out var notLogged))
                WrongToken(log, route, address, count, lockout.Match(l => $"; locked out for {Seconds(l)} s", () => ""), NotLogged(notLogged));
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Option<IResult>.Some(HookAnswers.For(RequestRefusal.InvalidToken));
        }

        admin.Guard.Succeeded(address);
        return Option<IResult>.None;
    }

    private static IResult TooManyFailures(HttpResponse response, TimeSpan wait)
    {
        response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        return HookAnswers.For(RequestRefusal.TooManyInvalidTokens);
    }

    private static bool IsBearer(string header, string token) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && Signature.SameSecret(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// Who is asking: the peer's address, or, when the peer is this machine (nginx in front, as the
    /// README sets it up), the last address of <c>X-Forwarded-For</c>, the one that proxy added.
    /// A remote peer's <c>X-Forwarded-For</c> is not believed.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',').LastOrDefault()?.Trim();
        return (peer is null || IPAddress.IsLoopback(peer)) && IPAddress.TryParse(forwarded, out var client)
            ? client.ToString()
            : peer?.ToString() ?? "unknown";
    }

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(span.TotalSeconds);

    private static string NotLogged(long count) => count == 0 ? "" : $" ({count} more refused operator requests not logged since the last line)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator route {Route} refused: wrong or missing ADMIN_TOKEN from {Address}, {Count} in a row{Lockout}{NotLogged}")]
    private static partial void WrongToken(ILogger log, string route, string address, int count, string lockout, string notLogged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator route {Route} refused with 429: {Address} is locked out for {Seconds} s more after wrong tokens{NotLogged}")]
    private static partial void LockedOut(ILogger log, string route, string address, int seconds, string notLogged);
}
