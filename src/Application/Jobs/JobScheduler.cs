using System.Threading.Channels;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Jobs;

/// <summary>
/// This host's side of the job journal. Requests that arrive together are recorded in one journal
/// commit (group commit) before any of them is answered. Workers claim jobs from the journal,
/// which decides what this host runs next (<see cref="HostQueue"/>); they wait, between claims,
/// until a request is recorded here, the journal says another host changed something, a
/// follow-up's quiet period may have passed, or <see cref="Poll"/> has passed. Every change worth
/// telling (queued, merged, finished) goes to the <see cref="IJobEvents"/>.
/// </summary>
public sealed class JobScheduler : IJobQueue
{
    // Enough to share one commit among a burst, small enough to answer the first of it quickly.
    private const int MaxBatch = 256;

    private readonly IJobJournal journal;
    private readonly IJobEvents events;
    private readonly HostId host;
    private readonly Channel<PendingOffer> offers = Channel.CreateUnbounded<PendingOffer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim claiming = new(1, 1);

    // Held from a change's commit until its events are told: a job's events are told in order (queued before finished).
    private readonly SemaphoreSlim telling = new(1, 1);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int flushing;

    // The jobs this host's workers run, from their claim until their end is recorded: what the heartbeat renews.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<JobId, Unit> running = new();

    /// <summary>The scheduler of <paramref name="host"/>'s jobs in <paramref name="journal"/>.</summary>
    public JobScheduler(IJobJournal journal, IJobEvents events, HostId host)
    {
        (this.journal, this.events, this.host) = (journal, events, host);
        journal.Subscribe(Changed);
    }

    /// <summary>
    /// How long a follow-up (a job queued behind another of its checkout) waits for requests to
    /// stop before it starts, so that a burst runs as one running job and one follow-up. Zero, the
    /// default, starts it at once.
    /// </summary>
    public TimeSpan FollowUpQuiet { get; init; } = TimeSpan.Zero;

    /// <summary>The longest a follow-up waits for quiet, however long requests keep coming.</summary>
    public TimeSpan FollowUpMaxWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle worker looks at the journal without being told to: the safety net under the journal's notifications.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock of the quiet period and of the waits.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The host whose jobs this scheduler hands out.</summary>
    public HostId Host => host;

    /// <summary>The jobs this host runs now: claimed, and their end not yet recorded.</summary>
    public Seq<JobId> Running => running.Keys.ToSeq().Strict();

    /// <inheritdoc />
    public async Task<Either<Error, Enqueued>> Enqueue(JobRequest request, JobTargets targets, Option<string> deliveryId, JobTrigger trigger, CancellationToken cancellationToken)
    {
        var offer = new PendingOffer(new JobOffer(request, targets, deliveryId, trigger), new(TaskCreationOptions.RunContinuationsAsynchronously));
        offers.Writer.TryWrite(offer);
        if (Interlocked.CompareExchange(ref flushing, 1, 0) == 0)
            _ = Task.Run(FlushOffers, CancellationToken.None);
        return await offer.Answer.Task.WaitAsync(cancellationToken);
    }

    // One flusher drains the channel for the scheduler's life, a batch per journal commit.
    private async Task FlushOffers()
    {
        while (await offers.Reader.WaitToReadAsync())
        {
            var batch = new List<PendingOffer>();
            while (batch.Count < MaxBatch && offers.Reader.TryRead(out var offer))
                batch.Add(offer);
            await Record(batch);
        }
    }

    // Each offer is answered once its batch is committed, or with the journal's error, in which case none of the batch is queued.
    private Task Record(List<PendingOffer> batch) => Telling(async () =>
    {
        Either<Error, Seq<Recorded>> recorded;
        try
        {
            recorded = await journal.Offer(batch.Select(p => p.Offer).ToSeq(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            recorded = Error.New(e);
        }

        await recorded.Match(
            Right: async answers =>
            {
                foreach (var (pending, answer) in batch.Zip(answers))
                {
                    await events.Tell(answer.Event, CancellationToken.None);
                    pending.Answer.TrySetResult(answer.Answer);
                }
                if (answers.Exists(a => !a.Answer.Merged))
                    Changed();
            },
            Left: error =>
            {
                foreach (var pending in batch)
                    pending.Answer.TrySetResult(error);
                return Task.CompletedTask;
            });
        return Unit.Default;
    });

    private sealed record PendingOffer(JobOffer Offer, TaskCompletionSource<Either<Error, Enqueued>> Answer);

    /// <summary>
    /// Waits for a job this host may run, claims it in the journal and returns it. While the
    /// journal cannot be reached, waits and tries again: workers pause, and resume by themselves.
    /// </summary>
    public async Task<Claim.Claimed> Next(CancellationToken cancellationToken)
    {
        var policy = new FollowUpPolicy(FollowUpQuiet, FollowUpMaxWait);
        while (true)
        {
            var wake = Volatile.Read(ref changed).Task;
            Either<Error, Claim> claim;
            await claiming.WaitAsync(cancellationToken);
            try
            {
                claim = await journal.Next(host, policy, cancellationToken);
            }
            finally
            {
                claiming.Release();
            }

            var lookAgain = Clock.GetUtcNow() + Poll;
            foreach (var found in claim.RightToSeq())
            {
                if (found is Claim.Claimed claimed)
                {
                    await Telling(async () =>
                    {
                        foreach (var superseded in claimed.Superseded)
                            await events.Tell(superseded, CancellationToken.None);
                        return Unit.Default;
                    });
                    // Already running here: the journal put it back while this host ran it (its lease ran out
                    // while the host could not reach the journal). The run under way records its end.
                    if (running.TryAdd(claimed.Job, Unit.Default))
                        return claimed;
                }
                else
                {
                    foreach (var at in ((Claim.Nothing)found).LookAgainAt)
                        lookAgain = at < lookAgain ? at : lookAgain;
                }
            }

            var wait = lookAgain - Clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.WhenAny(wake, Task.Delay(wait, Clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Records how this host's target of <paramref name="job"/> ended; when the job has ended everywhere, tells it.</summary>
    public async Task<Either<Error, Unit>> Finish(JobId job, JobOutcome outcome)
    {
        var recorded = await Telling(async () =>
        {
            var recorded = await journal.Finish(host, job, outcome, CancellationToken.None);
            if (recorded.IsRight)
                running.TryRemove(job, out _);
            foreach (var finished in recorded.RightToSeq().Somes())
                await events.Tell(finished, CancellationToken.None);
            return recorded;
        });
        Changed();
        return recorded.Map(_ => Unit.Default);
    }

    /// <summary>Puts this host's running target of <paramref name="job"/> back to waiting (it was cut off by a shutdown).</summary>
    public async Task<Either<Error, Unit>> Requeue(JobId job)
    {
        var recorded = await journal.Requeue(host, job, CancellationToken.None);
        running.TryRemove(job, out _);
        Changed();
        return recorded;
    }

    /// <summary>Keeps what the running job printed so far, for <c>/jobs/{id}</c>.</summary>
    public Task<Either<Error, Unit>> Progress(JobId job, JobProgressReport progress) =>
        journal.Progress(host, job, progress, CancellationToken.None);

    private async Task<T> Telling<T>(Func<Task<T>> change)
    {
        await telling.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            telling.Release();
        }
    }

    // Wakes every waiting worker: each looks at the journal once more.
    private void Changed() =>
        Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
