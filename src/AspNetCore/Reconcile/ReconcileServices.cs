using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Origins;
using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Application.Reconcile;
using GitReload.Domain.Fleet;
using GitReload.Domain.Reconcile;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitReload.AspNetCore.Reconcile;

/// <summary>Converging without webhooks: the reconcile loop (<c>POLL_SECONDS</c>, <c>POLL</c>) and the healing of failed updates (always on).</summary>
internal static class ReconcileServices
{
    public static void Add(IServiceCollection services, Configuration.GitReloadConfig config)
    {
        var interval = config.Poll.Interval;
        services.AddSingleton(config.Poll);
        // An app (or a test) may register its own ladder.
        services.TryAddSingleton(HealLadder.After(interval > TimeSpan.Zero ? Option<TimeSpan>.Some(interval) : Option<TimeSpan>.None));
        services.AddSingleton<IOrigins>(s => new LibGit2OriginListing(s.GetRequiredService<GitCheckoutSettings>())
        {
            Clock = s.GetRequiredService<TimeProvider>(),
            SshLog = s.GetRequiredService<ILoggerFactory>().CreateLogger("ssh"),
        });
        services.AddSingleton<IOriginLedger>(s => s.GetRequiredService<SqlJournal>());
        services.AddSingleton<IHealLedger>(s => s.GetRequiredService<SqlJournal>());
        services.AddSingleton<ReconcileCheckout>();
        services.AddSingleton(s => new HealFailedJobs(
            s.GetRequiredService<IHealLedger>(), s.GetRequiredService<IJobQueue>(), s.GetRequiredService<HealLadder>(),
            s.GetRequiredService<HostId>(), s.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ReconcileLoop>();
        services.AddHostedService<HealLoop>();
    }
}
