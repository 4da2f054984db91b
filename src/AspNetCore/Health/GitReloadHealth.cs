using System.Text.Json;
using GitReload.Application.Ports;
using GitReload.AspNetCore.Jobs;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Health;

/// <summary><c>REPODIR</c> exists and can be listed.</summary>
public sealed class RepoDirHealthCheck(Adapters.Git.Checkouts.GitCheckoutSettings checkouts) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(checkouts.RepoDir).FirstOrDefault();
            return Task.FromResult(HealthCheckResult.Healthy($"REPODIR {checkouts.RepoDir} is readable"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"REPODIR {checkouts.RepoDir} is not readable: {e.Message}"));
        }
    }
}

/// <summary>Every worker is running, and the service is not stopping.</summary>
public sealed class WorkersHealthCheck(WorkerPool workers, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (alive, expected) = workers.Health;
        return Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down")
            : alive == expected ? HealthCheckResult.Healthy($"{alive} of {expected} workers running")
            : HealthCheckResult.Unhealthy($"{alive} of {expected} workers running"));
    }
}

/// <summary>The job journal can commit a change.</summary>
public sealed class JournalHealthCheck(IJobJournal journal) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        (await journal.CheckWritable(cancellationToken)).Match(
            Right: _ => HealthCheckResult.Healthy("job journal is writable"),
            Left: e => HealthCheckResult.Unhealthy(e.Message));
}

/// <summary><c>GET /healthz</c>: <c>{"status": "Healthy", "checks": {"repodir": {"status", "description"}, ...}}</c>.</summary>
public static class HealthReply
{
    /// <summary>Writes the health report as JSON: the status and each failing check's reason.</summary>
    public static readonly HealthCheckOptions Options = new()
    {
        ResponseWriter = Write,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    /// <summary>
    /// <c>GET /healthz</c> as an ordinary endpoint (so the OpenAPI document lists it): runs the checks,
    /// answers 200 when all are healthy, else 503, with <see cref="Write"/>'s body.
    /// </summary>
    public static async Task Answer(HttpContext context, HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(context.RequestAborted);
        context.Response.StatusCode = Options.ResultStatusCodes[report.Status];
        context.Response.Headers.CacheControl = "no-store";
        await Write(context, report);
    }

    private static async Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("version", Application.GitReloadVersion.Text);
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description ?? entry.Exception?.Message ?? "");
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
