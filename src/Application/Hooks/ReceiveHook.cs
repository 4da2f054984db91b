using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Hooks;

/// <summary>
/// Receives one webhook delivery: skip redeliveries, read this host's checkout and the other hosts'
/// registered ones, decide, queue the job for its targets.
/// </summary>
public sealed class ReceiveHook(ICheckouts checkouts, IFleetRegistry fleet, IJobQueue queue, IDeliveryLog deliveries, HostId self)
{
    /// <summary>Handles a delivery that arrived on the route for <paramref name="route"/>.</summary>
    /// <remarks>
    /// What the body alone settles (a ping, another event, a bad request) is answered before the journal is asked
    /// about the delivery id: such a delivery was never accepted, and while the journal is away it is answered for
    /// what it is, not "please redeliver".
    /// </remarks>
    public Task<HookReceipt> Handle(JobAction route, Delivery delivery, CancellationToken cancellationToken) =>
        Intake.Read(delivery.Event).Match(
            Left: decision => Task.FromResult<HookReceipt>(new HookReceipt.Answered(decision)),
            Right: push => FirstTime(route, push, delivery, cancellationToken));

    private async Task<HookReceipt> FirstTime(JobAction route, ValidPush push, Delivery delivery, CancellationToken cancellationToken)
    {
        foreach (var id in delivery.Id)
        {
            var accepted = await deliveries.Accepted(id, cancellationToken);
            foreach (var error in accepted.LeftToSeq())
                return new HookReceipt.NotRecorded(error);
            foreach (var job in accepted.RightToSeq().Somes())
                return new HookReceipt.AlreadyReceived(job);
        }
        return await Decide(route, push, delivery, cancellationToken);
    }

    private async Task<HookReceipt> Decide(JobAction route, ValidPush push, Delivery delivery, CancellationToken cancellationToken)
    {
        var local = await checkouts.Inspect(push.Repo, cancellationToken);
        var others = await fleet.Holders(push.Repo, self, cancellationToken);
        return await others.Match(
            Left: error => Task.FromResult<HookReceipt>(new HookReceipt.NotRecorded(error)),
            Right: async holders => Intake.Decide(route, push, new FleetView(new HostCheckout(self, local), holders)) switch
            {
                Decision.Enqueue enqueue => Receipt(await queue.Enqueue(
                    enqueue.Job.WithSource(ForgeRepo.Of(delivery)), enqueue.Targets, delivery.Id, JobTrigger.Push, cancellationToken)),
                var decision => new HookReceipt.Answered(decision) { Checkout = local },
            });
    }

    /// <summary>The receipt of a request the queue took, or could not record.</summary>
    internal static HookReceipt Receipt(Either<LanguageExt.Common.Error, Enqueued> enqueued) => enqueued.Match<HookReceipt>(
        Right: queued => new HookReceipt.Queued(queued),
        Left: error => new HookReceipt.NotRecorded(error));
}
