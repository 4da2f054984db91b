using Carter;
using GitReload.Adapters.Http.Hooks;
using GitReload.Application.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Jobs;

/// <summary><c>GET /jobs</c> and <c>GET /jobs/{id}</c>: the job history from the journal.</summary>
public sealed class JobsModule : ICarterModule
{
    /// <inheritdoc />
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", List);
        app.MapGet("/jobs/{id}", One);
    }

    private static readonly string[] Filters = ["repo", "status", "limit"];

    private static async Task<IResult> List(HttpRequest request, ReadJobs jobs, CancellationToken ct)
    {
        var query = request.Query;
        // A misspelt filter (?stauts=failed) would otherwise list every job as if it had been applied.
        if (query.Keys.FirstOrDefault(k => !Filters.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            return HookAnswers.Reply(StatusCodes.Status400BadRequest, $"unknown parameter {Shown(unknown)}: /jobs takes repo, status and limit");
        var listed = await jobs.List(query["repo"], query["status"], query.ContainsKey("limit") ? query["limit"].ToString() : null, ct);
        return listed.Match(
            Right: found => TypedResults.Json(new JobsReply(found.Map(JobReply.From).ToArray()), HttpJson.Answers.JobsReply),
            Left: problem => HookAnswers.Reply(StatusCodes.Status400BadRequest, problem));
    }

    private static string Shown(string name) =>
        new(name.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static async Task<IResult> One(string id, ReadJobs jobs, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return HookAnswers.Reply(StatusCodes.Status404NotFound, "No such job");
        return (await jobs.One(number, ct)).Match(
            Some: job => TypedResults.Json(JobReply.From(job), HttpJson.Answers.JobReply),
            None: () => HookAnswers.Reply(StatusCodes.Status404NotFound, "No such job"));
    }
}
