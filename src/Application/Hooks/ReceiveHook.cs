using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Hooks;

/// <summary>Receives one webhook delivery: skip redeliveries, read the checkout it names, decide, queue the job.</summary>
public sealed class ReceiveHook(ICheckouts checkouts, IJobQueue queue, IDeliveryLog deliveries)
{
    /// <summary>Handles a delivery that arrived on the route for <paramref name="route"/>.</summary>
    public async Task<HookReceipt> Handle(JobAction route, Delivery delivery, CancellationToken cancellationToken)
    {
        foreach (var id in delivery.Id)
        {
            foreach (var job in await deliveries.Accepted(id, cancellationToken))
                return new HookReceipt.AlreadyReceived(job);
        }

        var read = Intake.Read(delivery.Event);
        if (read.IsLeft)
            return new HookReceipt.Answered((Decision)read);

        var push = (ValidPush)read;
        var checkout = await checkouts.Inspect(push.Repo, cancellationToken);
        return Intake.Decide(route, push, checkout) switch
        {
            Decision.Enqueue enqueue => await Enqueue(enqueue.Job.WithSource(ForgeRepo.Of(delivery)), delivery.Id, cancellationToken),
            var decision => new HookReceipt.Answered(decision),
        };
    }

    private async Task<HookReceipt> Enqueue(JobRequest job, Option<string> deliveryId, CancellationToken cancellationToken)
    {
        var enqueued = await queue.Enqueue(job, deliveryId, cancellationToken);
        foreach (var queued in enqueued.ToOption())
        {
            foreach (var id in deliveryId)
                await deliveries.Remember(id, queued.Id, cancellationToken);
        }
        return enqueued.Match<HookReceipt>(
            Right: queued => new HookReceipt.Queued(queued),
            Left: error => new HookReceipt.NotRecorded(error));
    }
}
