using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Dashboard;
using GitReload.Adapters.Http.Fleet;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Jobs;
using GitReload.Adapters.Http.Queue;
using GitReload.AspNetCore.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace GitReload.AspNetCore;

/// <summary>
/// Maps GitReload's routes, and only GitReload's, each set in a group of its own that an app can put
/// conventions on (<c>RequireAuthorization()</c>, <c>RequireHost(...)</c>, <c>ExcludeFromDescription()</c>).
/// Nothing else maps them: an app's own Carter, endpoints or assembly scanning never see them.
/// </summary>
public static class GitReloadEndpoints
{
    /// <summary>
    /// The OpenAPI group name of every GitReload route: an app's own document (<c>v1</c>) leaves them out, and
    /// <c>services.AddOpenApi("gitreload", o => o.ShouldInclude = d => d.GroupName == "gitreload")</c> serves them
    /// alone at <c>/openapi/gitreload.json</c>.
    /// </summary>
    public const string OpenApiDocument = "gitreload";

    /// <summary>
    /// Every GitReload route under <paramref name="prefix"/> (e.g. <c>/hooks</c>): the hooks
    /// (<see cref="MapGitReloadHooks"/>), the reads and operator routes (<see cref="MapGitReloadReads"/>)
    /// and <c>/healthz</c> (<see cref="MapGitReloadHealth"/>).
    /// </summary>
    public static RouteGroupBuilder MapGitReload(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = endpoints.MapGroup(prefix);
        group.MapGitReloadHooks();
        group.MapGitReloadReads();
        group.MapGitReloadHealth();
        return group;
    }

    /// <summary>
    /// The hook routes under <paramref name="prefix"/>: <c>POST /update</c>, and <c>POST /</c> and
    /// <c>/gitreload</c>, each only when <c>ROUTES</c> names it. They take bodies up to
    /// <c>MAX_PAYLOAD_BYTES</c>, whatever the server's own request size limit is.
    /// </summary>
    public static RouteGroupBuilder MapGitReloadHooks(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = GitReloadGroup(endpoints, prefix);
        var config = endpoints.ServiceProvider.GetRequiredService<Configuration.GitReloadConfig>();
        // One byte over the limit reaches the hook, which answers it 413 itself (and counts it).
        group.WithMetadata(new HookBodyLimit(config.MaxPayloadBytes + 1));
        HooksModule.AddRoutes(group, config.Routes);
        return group;
    }

    /// <summary>
    /// What people and operators read and do, under <paramref name="prefix"/>: <c>GET /queue</c>,
    /// <c>/jobs</c>, <c>/jobs/{id}</c>, <c>/hosts</c>, <c>/dashboard</c>, <c>/dashboard/jobs/{id}</c>, and the
    /// operator routes <c>POST /repos/{name}/update|import</c> (per <c>ROUTES</c>) and
    /// <c>POST /hosts/{id}/forget</c> (404 without <c>ADMIN_TOKEN</c>).
    /// </summary>
    public static RouteGroupBuilder MapGitReloadReads(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = GitReloadGroup(endpoints, prefix);
        QueueModule.AddRoutes(group);
        JobsModule.AddRoutes(group);
        DashboardModule.AddRoutes(group);
        HostsModule.AddRoutes(group);
        AdminModule.AddRoutes(group, endpoints.ServiceProvider.GetRequiredService<Configuration.GitReloadConfig>().Routes);
        return group;
    }

    /// <summary><c>GET</c> and <c>HEAD /healthz</c> under <paramref name="prefix"/>: GitReload's own checks, never the app's.</summary>
    public static RouteGroupBuilder MapGitReloadHealth(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var group = GitReloadGroup(endpoints, prefix);
        // HEAD answers as GET does, without the body, for monitors that only ask HEAD.
        group.MapMethods("/healthz", [Microsoft.AspNetCore.Http.HttpMethods.Get, Microsoft.AspNetCore.Http.HttpMethods.Head], HealthReply.Answer)
            .WithTags(Adapters.Http.OpenApiTags.Health)
            .WithSummary("200 when REPODIR is readable, every worker runs and the journal is writable, else 503")
            .Produces(200, contentType: "application/json").Produces(503, contentType: "application/json");
        return group;
    }

    private static RouteGroupBuilder GitReloadGroup(IEndpointRouteBuilder endpoints, string prefix)
    {
        if (endpoints.ServiceProvider.GetService<Configuration.GitReloadConfig>() is null)
            throw new InvalidOperationException("GitReload's routes need services.AddGitReload(...) first.");
        return endpoints.MapGroup(prefix).WithGroupName(OpenApiDocument).WithTags("GitReload");
    }

    private sealed record HookBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
