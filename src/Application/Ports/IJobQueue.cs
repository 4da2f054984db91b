using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>Where accepted requests wait for the hosts that run them.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Queues <paramref name="request"/> for <paramref name="targets"/>, or merges it into the
    /// waiting job of the same work. When this returns, the job is recorded.
    /// </summary>
    /// <param name="request">The job asked for.</param>
    /// <param name="targets">The hosts that run it.</param>
    /// <param name="deliveryId">The forge's id of the delivery that asked for it, if any.</param>
    /// <param name="trigger">What asked for it.</param>
    /// <param name="cancellationToken">Cancels the wait for the record.</param>
    Task<Either<Error, Enqueued>> Enqueue(JobRequest request, JobTargets targets, Option<string> deliveryId, JobTrigger trigger, CancellationToken cancellationToken);
}
