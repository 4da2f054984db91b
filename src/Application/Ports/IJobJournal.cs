using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Ports;

/// <summary>
/// The durable record of every job and its targets (one per host that runs it): the authority
/// for job ids, job state and order, shared by every host of a fleet. Each call returns once its
/// change is committed; memory anywhere else only caches what it holds.
/// </summary>
public interface IJobJournal
{
    /// <summary>
    /// Records a burst of requests in order, as one commit: each merged into the waiting job of the
    /// same work, or added as a new job with its targets. All or none.
    /// </summary>
    Task<Either<Error, Seq<Recorded>>> Offer(Seq<JobOffer> offers, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for <paramref name="host"/> the job it runs next (see <see cref="HostQueue"/>), marking
    /// its target running under a lease, or says when to look again.
    /// </summary>
    Task<Either<Error, Claim>> Next(HostId host, FollowUpPolicy policy, CancellationToken cancellationToken);

    /// <summary>Records how <paramref name="host"/>'s target of <paramref name="job"/> ended; gives the job's end when it was the last target.</summary>
    Task<Either<Error, Option<JobEvent.Finished>>> Finish(HostId host, JobId job, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Puts <paramref name="host"/>'s running target of <paramref name="job"/> back to waiting: it was cut off and runs again.</summary>
    Task<Either<Error, Unit>> Requeue(HostId host, JobId job, CancellationToken cancellationToken);

    /// <summary>Keeps what a running target printed so far, and its tries so far, for <c>/jobs/{id}</c> while it runs. Not made durable.</summary>
    Task<Either<Error, Unit>> Progress(HostId host, JobId job, JobProgressReport progress, CancellationToken cancellationToken);

    /// <summary>Whether a change can be committed now.</summary>
    Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="changed"/> when another host may have queued or ended work (where the journal can tell); a poll covers the rest.</summary>
    void Subscribe(Action changed);
}

/// <summary>One request to record: the job asked for, who runs it, and the delivery that asked.</summary>
/// <param name="Request">The job asked for.</param>
/// <param name="Targets">The hosts that run it.</param>
/// <param name="DeliveryId">The forge's id of the delivery, if any.</param>
/// <param name="Trigger">What asked for it.</param>
public sealed record JobOffer(JobRequest Request, JobTargets Targets, Option<string> DeliveryId, JobTrigger Trigger);

/// <summary>The answer to an offer: the job that carries the request and the queue's size after it.</summary>
/// <param name="Id">The job, new or merged into.</param>
/// <param name="Action">What the job does.</param>
/// <param name="Merged">True when the request joined a job that was already waiting.</param>
/// <param name="QueueSize">Jobs waiting or running after this request.</param>
public sealed record Enqueued(JobId Id, JobAction Action, bool Merged, int QueueSize);

/// <summary>How one offer was recorded: the answer for its request, and the event to tell (queued, or merged).</summary>
public sealed record Recorded(Enqueued Answer, JobEvent Event);

/// <summary>What a host's worker got from the journal.</summary>
public abstract record Claim
{
    private Claim() { }

    /// <summary>Run <paramref name="Job"/> (<paramref name="Request"/>, the newest merged into it); <paramref name="Superseded"/> ended without running, in its favour.</summary>
    public sealed record Claimed(JobId Job, JobRequest Request, Seq<JobEvent.Finished> Superseded) : Claim
    {
        /// <summary>What asked for the job.</summary>
        public JobTrigger Trigger { get; init; } = JobTrigger.Push;
    }

    /// <summary>Nothing to run now; a follow-up may be ready at <paramref name="LookAgainAt"/>.</summary>
    public sealed record Nothing(Option<DateTimeOffset> LookAgainAt) : Claim;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Claimed, T> claimed, Func<Nothing, T> nothing) => this switch
    {
        Claimed c => claimed(c),
        Nothing n => nothing(n),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}

/// <summary>What a running target printed so far (the tail) and how many tries it made so far.</summary>
public sealed record JobProgressReport(string Output, int Attempts);
