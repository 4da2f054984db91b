using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>Where accepted pushes wait for a worker.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Queues <paramref name="request"/>, or merges it into the waiting job of the same work.
    /// When this returns, the job is recorded.
    /// </summary>
    /// <param name="request">The job asked for.</param>
    /// <param name="deliveryId">The forge's id of the delivery that asked for it, if any.</param>
    /// <param name="cancellationToken">Cancels the wait for the record.</param>
    Task<Either<Error, Enqueued>> Enqueue(JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken);

    /// <summary>The jobs waiting or running, oldest first.</summary>
    Seq<BoardJob> Snapshot();
}

/// <summary>The answer to an enqueue: the job that carries the request and the queue's size after it.</summary>
/// <param name="Id">The job, new or merged into.</param>
/// <param name="Action">What the job does.</param>
/// <param name="Merged">True when the request joined a job that was already waiting.</param>
/// <param name="QueueSize">Jobs waiting or running after this request.</param>
public sealed record Enqueued(JobId Id, JobAction Action, bool Merged, int QueueSize);
