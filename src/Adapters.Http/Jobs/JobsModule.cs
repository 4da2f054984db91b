using GitReload.Adapters.Http.Hooks;
using GitReload.Application.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Jobs;

/// <summary><c>GET /jobs</c> and <c>GET /jobs/{id}</c>: the job history from the journal.</summary>
public static class JobsModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", List);
        app.MapGet("/jobs/{id}", One);
    }

    private static async Task<IResult> List(HttpRequest request, ReadJobs jobs, CancellationToken ct)
    {
        var query = request.Query;
        var listed = await jobs.List(query["repo"], query["status"], query.ContainsKey("limit") ? query["limit"].ToString() : null, ct);
        return listed.Match(
            Right: found => TypedResults.Json(new JobsReply(found.Map(JobReply.From).ToArray()), HttpJson.Default.JobsReply),
            Left: problem => problem.Code == ReadJobs.BadFilter
                ? HookAnswers.Reply(StatusCodes.Status400BadRequest, problem.Message)
                : HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, problem.Message));
    }

    private static async Task<IResult> One(string id, ReadJobs jobs, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return HookAnswers.Reply(StatusCodes.Status404NotFound, "No such job");
        return (await jobs.One(number, ct)).Match(
            Right: found => found.Match(
                Some: job => TypedResults.Json(JobReply.From(job), HttpJson.Default.JobReply),
                None: () => HookAnswers.Reply(StatusCodes.Status404NotFound, "No such job")),
            Left: problem => HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, problem.Message));
    }
}
