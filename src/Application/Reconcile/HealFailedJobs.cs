using GitReload.Application.Hooks;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Reconcile;

/// <summary>
/// Queues the retries that are due: each failed update waiting to heal whose wait on the
/// <see cref="HealLadder"/> has passed is taken by this host (one host of the fleet takes it) and
/// queued again as a new job (<c>trigger: retry</c>) for the hosts where it failed.
/// </summary>
public sealed class HealFailedJobs(IHealLedger ledger, IJobQueue queue, HealLadder ladder, HostId self, TimeProvider clock)
{
    /// <summary>How long a host holds a heal it takes, should it die before queueing the retry.</summary>
    public static readonly TimeSpan TakeLease = TimeSpan.FromMinutes(1);

    /// <summary>Queues what is due now; says what was queued and when the next heal falls due.</summary>
    public async Task<Either<Error, HealReport>> Handle(CancellationToken cancellationToken)
    {
        var pending = await ledger.Pending(cancellationToken);
        return await pending.MatchAsync(
            RightAsync: async heals =>
            {
                var now = clock.GetUtcNow();
                var queued = Seq<(PendingHeal, HookReceipt)>.Empty;
                foreach (var heal in heals.Filter(h => ladder.DueAt(h.Mark) <= now))
                {
                    var took = await ledger.Take(heal, self, TakeLease, cancellationToken);
                    if (!took.Exists(t => t))
                        continue;
                    var enqueued = await queue.Enqueue(heal.Request, new JobTargets.Each(heal.Mark.Hosts), Option<string>.None, JobTrigger.Retry, cancellationToken);
                    queued = queued.Add((heal, ReceiveHook.Receipt(enqueued)));
                }
                var next = heals.Map(h => ladder.DueAt(h.Mark)).Filter(due => due > now).OrderBy(due => due).HeadOrNone();
                return Either<Error, HealReport>.Right(new HealReport(queued, next));
            },
            Left: error => Either<Error, HealReport>.Left(error));
    }
}

/// <summary>The retries queued (each with how the queue took it), and when the next heal falls due, if one waits.</summary>
public sealed record HealReport(Seq<(PendingHeal Heal, HookReceipt Queued)> Queued, Option<DateTimeOffset> NextDue);
