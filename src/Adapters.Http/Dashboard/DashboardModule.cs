using GitReload.Application.Dashboard;
using GitReload.Application.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
            .WithSummary("The queue, recent jobs and checkouts, as a page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        app.MapMethods("/dashboard/jobs/{id}", [HttpMethods.Get, HttpMethods.Head], One)
            .WithTags(OpenApiTags.Dashboard)
            .WithSummary("One job and its output, as a page")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status404NotFound, contentType: "text/html");
    }

    private static async Task<IResult> Overview(HttpRequest request, HttpResponse response, ReadDashboard dashboard, TimeProvider clock, CancellationToken ct) =>
        (await dashboard.Handle(ct)).Match(
            Right: view => Html(response, StatusCodes.Status200OK, DashboardPage.Render(view, clock.GetUtcNow(), Up(request, 0))),
            Left: error => Html(response, StatusCodes.Status503ServiceUnavailable, JobPage.Unavailable(error.Message)));

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
