using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Hooks;

/// <summary>
/// An operator asks for a job by hand: read the checkouts, decide, queue it like a push to the checked-out branch.
/// A rollback names the commit this host publishes, the one it undoes on every host.
/// </summary>
public sealed class RequestJob(ICheckouts checkouts, ICheckoutCatalog catalog, IFleetRegistry fleet, IJobQueue queue, HostId self)
{
    /// <summary>Queues <paramref name="action"/> for the checkout named <paramref name="repositoryName"/>.</summary>
    public Task<HookReceipt> Handle(JobAction action, string repositoryName, CancellationToken cancellationToken) =>
        RepoName.Parse(repositoryName).Match(
            Left: _ => Task.FromResult<HookReceipt>(new HookReceipt.Answered(new Decision.BadRequest("Repository name not valid"))),
            Right: repo => Decide(action, repo, cancellationToken));

    private async Task<HookReceipt> Decide(JobAction action, RepoName repo, CancellationToken cancellationToken)
    {
        var local = await checkouts.Inspect(repo, cancellationToken);
        var published = action == JobAction.Rollback ? await PublishedHere(repo, cancellationToken) : Option<string>.None;
        var others = await fleet.Holders(repo, self, cancellationToken);
        return await others.Match(
            Left: error => Task.FromResult<HookReceipt>(new HookReceipt.NotRecorded(error)),
            Right: async holders => Intake.DecideByHand(action, repo, new FleetView(new HostCheckout(self, local), holders), published) switch
            {
                Decision.Enqueue enqueue => ReceiveHook.Receipt(
                    await queue.Enqueue(enqueue.Job, enqueue.Targets, Option<string>.None, JobTrigger.Manual, cancellationToken)),
                var decision => new HookReceipt.Answered(decision) { Checkout = local },
            });
    }

    private async Task<Option<string>> PublishedHere(RepoName repo, CancellationToken cancellationToken) =>
        (await catalog.Read(repo, cancellationToken)).Publication.Map(p => p.Published);
}
