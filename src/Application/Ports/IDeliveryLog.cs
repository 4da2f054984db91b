using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The delivery ids of accepted deliveries, so that a forge's redelivery queues nothing twice.
/// Only accepted deliveries are remembered (the journal records them with their job): one
/// rejected today may be redelivered once fixed.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>The job a delivery with this id was accepted into, if it was.</summary>
    Task<Either<Error, Option<JobId>>> Accepted(string deliveryId, CancellationToken cancellationToken);
}
