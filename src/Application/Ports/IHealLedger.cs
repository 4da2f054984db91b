using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The failed updates waiting to be tried again, as the journal keeps them. The journal records a
/// heal in the transaction that ends the failed job (<see cref="Healing"/> decides), and ends it when
/// a newer request of the same work is queued or a job of it succeeds; so the schedule survives restarts.
/// </summary>
public interface IHealLedger
{
    /// <summary>The heals with no retry queued yet, and that no host is queueing now.</summary>
    Task<Either<Error, Seq<PendingHeal>>> Pending(CancellationToken cancellationToken);

    /// <summary>Claims <paramref name="heal"/> for <paramref name="host"/> for <paramref name="lease"/>, to queue its retry; false when another host took it, or it changed.</summary>
    Task<Either<Error, bool>> Take(PendingHeal heal, HostId host, TimeSpan lease, CancellationToken cancellationToken);
}

/// <summary>A heal waiting for its retry: the failed job's request, and where it is on the ladder.</summary>
public sealed record PendingHeal(JobRequest Request, HealMark Mark);
