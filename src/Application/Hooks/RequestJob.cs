using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Hooks;

/// <summary>An operator asks for a job by hand: read the checkout, decide, queue it like a push to its branch.</summary>
public sealed class RequestJob(ICheckouts checkouts, IJobQueue queue)
{
    /// <summary>Queues <paramref name="action"/> for the checkout named <paramref name="repositoryName"/>.</summary>
    public async Task<HookReceipt> Handle(JobAction action, string repositoryName, CancellationToken cancellationToken)
    {
        var parsed = RepoName.Parse(repositoryName);
        if (parsed.IsLeft)
            return new HookReceipt.Answered(new Decision.BadRequest("Repository name not valid"));

        var repo = (RepoName)parsed;
        return Intake.DecideByHand(action, repo, await checkouts.Inspect(repo, cancellationToken)) switch
        {
            Decision.Enqueue enqueue => (await queue.Enqueue(enqueue.Job, Option<string>.None, cancellationToken)).Match<HookReceipt>(
                Right: job => new HookReceipt.Queued(job),
                Left: error => new HookReceipt.NotRecorded(error)),
            var decision => new HookReceipt.Answered(decision),
        };
    }
}
