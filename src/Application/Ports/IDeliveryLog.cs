using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The delivery ids of accepted deliveries, so that a forge's redelivery queues nothing twice.
/// Only accepted deliveries are remembered (the journal records them with their job): one
/// rejected today may be redelivered once fixed, and so may one whose job failed (or was cancelled):
/// its redelivery queues a new job, which the id then names.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>The job a delivery with this id was accepted into, if it was and that job is waiting, running or succeeded.</summary>
    Task<Either<Error, Option<JobId>>> Accepted(string deliveryId, CancellationToken cancellationToken);
}
