using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The durable record of every job: the truth the in-process queue is rebuilt from after a
/// restart. Each call returns once its change is committed.
/// </summary>
public interface IJobJournal
{
    /// <summary>The jobs left queued or running by an earlier run, oldest first, now all queued again, and the highest id ever given.</summary>
    Task<Either<Error, Resumed>> Resume(CancellationToken cancellationToken);

    /// <summary>Records the new job <paramref name="id"/> as queued, with the delivery that asked for it.</summary>
    Task<Either<Error, Unit>> Add(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="request"/> was merged into the waiting job <paramref name="id"/>: one more merged, newest SHA and delivery id.</summary>
    Task<Either<Error, Unit>> Merge(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken);

    /// <summary>
    /// Records several adds and merges in order, as one commit where the journal can (one fsync
    /// for a burst of pushes). This default records them one by one, which is not atomic.
    /// </summary>
    async Task<Either<Error, Unit>> Record(Seq<OfferRecord> offers, CancellationToken cancellationToken)
    {
        foreach (var offer in offers)
        {
            var recorded = await offer.Outcome.Match(
                added: added => Add(added.Id, offer.Request, offer.DeliveryId, cancellationToken),
                merged: merged => Merge(merged.Id, offer.Request, offer.DeliveryId, cancellationToken));
            if (recorded.IsLeft)
                return recorded;
        }
        return Unit.Default;
    }

    /// <summary>Records that a worker started job <paramref name="id"/>.</summary>
    Task<Either<Error, Unit>> Start(JobId id, CancellationToken cancellationToken);

    /// <summary>Records how job <paramref name="id"/> ended, and forgets the oldest finished jobs of its checkout past the bound.</summary>
    Task<Either<Error, Unit>> Finish(JobId id, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Puts the started job <paramref name="id"/> back to queued: it was cut off and runs again after a restart.</summary>
    Task<Either<Error, Unit>> Requeue(JobId id, CancellationToken cancellationToken);

    /// <summary>Whether a change can be committed now.</summary>
    Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken);
}

/// <summary>One request as the queue took it: added as a new job or merged into a waiting one.</summary>
public sealed record OfferRecord(Offered Outcome, JobRequest Request, Option<string> DeliveryId);

/// <summary>What a restart finds in the journal.</summary>
/// <param name="Waiting">The jobs to run, oldest first.</param>
/// <param name="LastId">The highest job id ever given; new jobs count on from it.</param>
public sealed record Resumed(Seq<BoardJob> Waiting, long LastId);
