using GitReload.Application.Ports;
using GitReload.AspNetCore.Journal;

namespace GitReload.AspNetCore.Wiring;

/// <summary>
/// The ports GitReload's use cases need, checked before anything starts: an app that removed one that
/// AddGitReload registered (or replaced the registrations wholesale) stops at start with one line naming
/// each missing service and what provides it, instead of failing a job, a hook or a health check later.
/// </summary>
internal sealed class RequiredServices : IHostedService
{
    // In the constructor: the host builds every hosted service before it starts the first, and building
    // GitReload's workers already resolves the ports; this one is registered first, so it is built first.
    public RequiredServices(IServiceProviderIsService services)
    {
        var missing = Missing(services);
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"GitReload cannot start: nothing provides {string.Join(", ", missing)}. AddGitReload registers each of them: " +
                "keep its registrations, or register your own after it (services.AddSingleton<IPort>(...)).");
    }

    private static readonly (Type Service, string What)[] Needed =
    [
        (typeof(ICheckouts), "updates the checkouts under REPODIR"),
        (typeof(ICheckoutCatalog), "lists the checkouts under REPODIR"),
        (typeof(ICourseImporter), "runs course imports"),
        (typeof(IAtomicCheckouts), "publishes checkouts atomically"),
        (typeof(ITreeCheck), "checks a tree before it is published"),
        (typeof(IOrigins), "asks origins for their branches"),
        (typeof(JournalChoice), "names the job journal; UseSqliteJournal / UsePostgresJournal on AddGitReload's builder provide it too"),
        (typeof(IJobJournal), "keeps the jobs"),
        (typeof(IJobHistory), "reads the jobs"),
        (typeof(IDeliveryLog), "remembers the deliveries"),
        (typeof(IFleetRegistry), "keeps the fleet's hosts"),
        (typeof(ICheckoutOverview), "keeps the checkouts' state"),
        (typeof(IOriginLedger), "remembers what origins said"),
        (typeof(IHealLedger), "remembers failed updates to heal"),
        (typeof(IJobEvents), "hears the jobs for reporting"),
        (typeof(TimeProvider), "the clock"),
    ];

    /// <summary>One line for each needed service nothing provides; empty when all are there.</summary>
    public static IReadOnlyList<string> Missing(IServiceProviderIsService services) =>
        Needed.Where(n => !services.IsService(n.Service)).Select(n => $"{n.Service.Name} ({n.What})").ToList();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
