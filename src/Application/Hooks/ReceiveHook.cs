using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Application.Hooks;

/// <summary>Receives one webhook delivery: read the checkout it names, decide, queue the job.</summary>
public sealed class ReceiveHook(ICheckouts checkouts, IJobQueue queue)
{
    /// <summary>Handles a delivery that arrived on the route for <paramref name="route"/>.</summary>
    public async Task<HookReceipt> Handle(JobAction route, HookEvent hook, CancellationToken cancellationToken)
    {
        var read = Intake.Read(hook);
        if (read.IsLeft)
            return new HookReceipt.Answered((Decision)read);

        var push = (ValidPush)read;
        var checkout = await checkouts.Inspect(push.Repo, cancellationToken);
        return Intake.Decide(route, push, checkout) switch
        {
            Decision.Enqueue enqueue => (await queue.Enqueue(enqueue.Job, cancellationToken)).Match<HookReceipt>(
                Right: job => new HookReceipt.Queued(job),
                Left: error => new HookReceipt.NotRecorded(error)),
            var decision => new HookReceipt.Answered(decision),
        };
    }
}
