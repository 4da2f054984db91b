using GitReload.Adapters.Http.Hooks;
using GitReload.Application.History;
using GitReload.Application.Queries;
using Microsoft.AspNetCore.Builder;
using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Jobs;

/// <summary><c>GET /jobs</c> and <c>GET /jobs/{id}</c>: the job history from the journal.</summary>
public static class JobsModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", List)
            .WithTags(OpenApiTags.Jobs)
            .WithSummary("Recent jobs, newest first")
            .Produces<JobsReply>(StatusCodes.Status200OK)
            .Produces<HookReply>(StatusCodes.Status400BadRequest);
        app.MapGet("/jobs/{id}", One)
            .WithTags(OpenApiTags.Jobs)
            .WithSummary("One job, with its error and the tail of its output")
            .Produces<JobReply>(StatusCodes.Status200OK)
            .Produces<HookReply>(StatusCodes.Status404NotFound);
    }

    private static readonly string[] Filters = ["repo", "status", "limit"];

    // The filters are taken as text, so that a bad one gets GitReload's own 400 saying which, not the framework's.
    private static async Task<IResult> List(
        HttpRequest request, ReadJobs jobs, CancellationToken ct,
        [FromQuery, Description("Only the jobs of this checkout (its folder name)")] string? repo = null,
        [FromQuery, Description("Only the jobs in this state: queued, running, succeeded, failed or cancelled")] string? status = null,
        [FromQuery, Description("How many jobs, from 1 to 1000 (default 50)")] string? limit = null)
    {
        var query = request.Query;
        // A misspelt filter (?stauts=failed) would otherwise list every job as if it had been applied.
        if (query.Keys.FirstOrDefault(k => !Filters.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            return HookAnswers.Reply(StatusCodes.Status400BadRequest, $"unknown parameter {Shown(unknown)}: /jobs takes repo, status and limit");
        var listed = await jobs.List(
            LanguageExt.Prelude.Optional(repo), LanguageExt.Prelude.Optional(status),
            query.ContainsKey("limit") ? LanguageExt.Prelude.Some(query["limit"].ToString()) : LanguageExt.Option<string>.None, ct);
        return listed.Match(
            Right: found => TypedResults.Json(new JobsReply(found.Map(JobReply.From).ToArray()), HttpJson.Answers.JobsReply),
            Left: problem => problem is BadQuery
                ? HookAnswers.Reply(StatusCodes.Status400BadRequest, problem.Message)
                : HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, problem.Message));
    }

    private static string Shown(string name) => ShownText.Of(name, 64);

    private static async Task<IResult> One(string id, ReadJobs jobs, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return HookAnswers.For(RequestRefusal.NoSuchJob);
        return (await jobs.One(number, ct)).Match(
            Right: found => found.Match(
                Some: job => TypedResults.Json(JobReply.From(job), HttpJson.Answers.JobReply),
                None: () => HookAnswers.For(RequestRefusal.NoSuchJob)),
            Left: problem => HookAnswers.Reply(StatusCodes.Status503ServiceUnavailable, problem.Message));
    }
}
