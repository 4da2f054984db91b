using GitReload.Application.Dashboard;
using GitReload.Application.History;
using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary><c>GET /dashboard</c> and <c>GET /dashboard/jobs/{id}</c>: server-rendered pages for a person, no script, no remote asset.</summary>
public static class DashboardModule
{
    /// <summary>Maps the routes under <paramref name="app"/>.</summary>
    public static void AddRoutes(IEndpointRouteBuilder app)
    {
        // HEAD answers as GET does, without the body (the server drops it), for monitors that only ask HEAD.
        app.MapMethods("/dashboard", [HttpMethods.Get, HttpMethods.Head], Overview)
            .WithTags(OpenApiTags.Dashboard)
            .WithSummary("What needs a person, the queue, recent jobs and one page of the checkouts, as a page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status400BadRequest, contentType: "text/html");
        app.MapMethods("/dashboard/jobs/{id}", [HttpMethods.Get, HttpMethods.Head], One)
            .WithTags(OpenApiTags.Dashboard)
            .WithSummary("One job and its output, as a page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
    }

    // The filters are read from the query string by hand, so that a bad one gets a page saying which.
    private static async Task<IResult> Overview(
        HttpRequest request, HttpResponse response, ReadDashboard dashboard, TimeProvider clock, CancellationToken ct,
        [FromQuery, Description("Only checkouts whose name contains this, in any case")] string? repo = null,
        [FromQuery, Description("Only checkouts that stand so: failed, unusable, behind, running, queued or ok")] string? status = null,
        [FromQuery, Description("Which page of the list, from 1 (50 checkouts a page)")] string? page = null) =>
        await DashboardFilter.Parse(request.Query.Keys, repo, status, page).Match(
            Right: async query => (await dashboard.Handle(query, ct)).Match(
                Right: view => Html(response, StatusCodes.Status200OK, DashboardPage.Render(view, clock.GetUtcNow(), Up(request, 0))),
                Left: error => Html(response, StatusCodes.Status503ServiceUnavailable, JobPage.Unavailable(error.Message))),
            Left: problem => Task.FromResult(Html(response, StatusCodes.Status400BadRequest, JobPage.BadQuery(problem.Message, Up(request, 0)))));

    private static async Task<IResult> One(string id, HttpRequest request, HttpResponse response, ReadJobs jobs, TimeProvider clock, CancellationToken ct)
    {
        var up = Up(request, 2);
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return Html(response, StatusCodes.Status404NotFound, JobPage.Missing(id, up));
        return (await jobs.One(number, ct)).Match(
            Right: found => found.Match(
                Some: job => Html(response, StatusCodes.Status200OK, JobPage.Render(job, clock.GetUtcNow(), up)),
                None: () => Html(response, StatusCodes.Status404NotFound, JobPage.Missing(id, up))),
            Left: error => Html(response, StatusCodes.Status503ServiceUnavailable, JobPage.Unavailable(error.Message)));
    }

    /// <summary>
    /// The relative way from the page up to where GitReload's routes start, so that links work under a
    /// prefix and with a trailing slash (<c>/dashboard/</c> is one level deeper than <c>/dashboard</c>).
    /// </summary>
    private static string Up(HttpRequest request, int levels) =>
        string.Concat(Enumerable.Repeat("../", levels + (request.Path.Value?.EndsWith('/') == true ? 1 : 0)));

    private static IResult Html(HttpResponse response, int status, string page)
    {
        response.Headers.ContentSecurityPolicy = Dashboard.Html.ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(page, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
