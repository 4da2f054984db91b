using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore.Health;

/// <summary><c>GET /healthz</c>: <c>{"status": "Healthy", "checks": {"repodir": {"status", "description"}, ...}}</c>.</summary>
public static class HealthReply
{
    /// <summary>
    /// Runs GitReload's own checks (never the app's), answers 200 when all are healthy, else 503,
    /// with each check's status and reason.
    /// </summary>
    public static async Task Answer(HttpContext context, CancellationToken cancellationToken)
    {
        var report = await GitReloadChecks.Run(context.RequestServices, cancellationToken);
        context.Response.StatusCode = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store";
        await Write(context, report);
    }

    private static async Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        // As every JSON answer: "+" and "'" as they are (the version carries a "+").
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
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
