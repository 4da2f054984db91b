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
        app.MapGet("/dashboard", Overview);
        app.MapGet("/dashboard/jobs/{id}", One);
    }

    private static async Task<IResult> Overview(HttpResponse response, ReadDashboard dashboard, TimeProvider clock, CancellationToken ct) =>
        (await dashboard.Handle(ct)).Match(
            Right: view => Html(response, StatusCodes.Status200OK, DashboardPage.Render(view, clock.GetUtcNow())),
            Left: error => Html(response, StatusCodes.Status503ServiceUnavailable, JobPage.Unavailable(error.Message)));

    private static async Task<IResult> One(string id, HttpResponse response, ReadJobs jobs, TimeProvider clock, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return Html(response, StatusCodes.Status404NotFound, JobPage.Missing(id));
        return (await jobs.One(number, ct)).Match(
            Right: found => found.Match(
                Some: job => Html(response, StatusCodes.Status200OK, JobPage.Render(job, clock.GetUtcNow())),
                None: () => Html(response, StatusCodes.Status404NotFound, JobPage.Missing(id))),
            Left: error => Html(response, StatusCodes.Status503ServiceUnavailable, JobPage.Unavailable(error.Message)));
    }

    private static IResult Html(HttpResponse response, int status, string page)
    {
        response.Headers.ContentSecurityPolicy = Dashboard.Html.ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(page, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
