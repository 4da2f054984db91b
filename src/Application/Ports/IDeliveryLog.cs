using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>
/// The delivery ids of accepted deliveries, so that a forge's redelivery queues nothing twice.
/// Only accepted deliveries are remembered: one rejected today may be redelivered once fixed.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>The job a delivery with this id was accepted into, if it was.</summary>
    Task<Option<JobId>> Accepted(string deliveryId, CancellationToken cancellationToken);

    /// <summary>Remembers that the delivery <paramref name="deliveryId"/> was accepted into <paramref name="job"/>.</summary>
    Task<Unit> Remember(string deliveryId, JobId job, CancellationToken cancellationToken);
}
