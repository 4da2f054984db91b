using System.Diagnostics.CodeAnalysis;
using GitReload.AspNetCore.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitReload.AspNetCore;

/// <summary>
/// GitReload's health checks: <c>repodir</c>, <c>workers</c>, <c>journal</c> and <c>origins</c> (always healthy: it says which origins cannot be reached). GitReload's own
/// <c>/healthz</c> runs these and no other; an app's health endpoint runs them only when the app adds
/// them with <see cref="AddGitReloadChecks"/>, so a missing <c>REPODIR</c> never fails the app's own probe unasked.
/// </summary>
public static class GitReloadChecks
{
    /// <summary>The tag of every GitReload check in the app's health checks, e.g. for a predicate of <c>MapHealthChecks</c>.</summary>
    public const string Tag = "gitreload";

    /// <summary>
    /// Adds GitReload's checks to the app's own health checks, named <c>gitreload.repodir</c>,
    /// <c>gitreload.workers</c>, <c>gitreload.journal</c>, <c>gitreload.origins</c> and tagged <see cref="Tag"/>:
    /// <c>builder.Services.AddHealthChecks().AddGitReloadChecks();</c>
    /// </summary>
    public static IHealthChecksBuilder AddGitReloadChecks(this IHealthChecksBuilder builder)
    {
        foreach (var (name, type) in Checks)
            builder.Add(new HealthCheckRegistration($"{Tag}.{name}", s => (IHealthCheck)s.GetRequiredService(type), HealthStatus.Unhealthy, [Tag]));
        return builder;
    }

    /// <summary>Runs GitReload's checks, and only them, one after the other.</summary>
    internal static async Task<HealthReport> Run(IServiceProvider services, CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        var entries = new Dictionary<string, HealthReportEntry>(StringComparer.Ordinal);
        foreach (var (name, type) in Checks)
            entries[name] = await Run(name, (IHealthCheck)services.GetRequiredService(type), clock, cancellationToken);
        return new HealthReport(entries, clock.GetElapsedTime(started));
    }

    private static async Task<HealthReportEntry> Run(string name, IHealthCheck check, TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, [Tag]) };
        try
        {
            var result = await check.CheckHealthAsync(context, cancellationToken);
            return new HealthReportEntry(result.Status, result.Description, clock.GetElapsedTime(started), result.Exception, result.Data, [Tag]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthReportEntry(HealthStatus.Unhealthy, e.Message, clock.GetElapsedTime(started), e, null, [Tag]);
        }
    }

    // The type's constructor is kept by name for the container, so a trimmed build (README, "A published build") still has it.
    private readonly record struct Check(
        string Name,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)][property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type Type);

    private static readonly Check[] Checks =
    [
        new("repodir", typeof(RepoDirHealthCheck)),
        new("workers", typeof(WorkersHealthCheck)),
        new("journal", typeof(JournalHealthCheck)),
        new("origins", typeof(Reconcile.OriginsHealthCheck)),
    ];

    internal static void Register(IServiceCollection services)
    {
        foreach (var check in Checks)
            services.AddSingleton(check.Type);
    }
}
