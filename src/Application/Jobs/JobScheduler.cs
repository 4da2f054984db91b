using System.Threading.Channels;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Jobs;

/// <summary>
/// The in-process queue: keeps the <see cref="JobBoard"/>, writes every change to the
/// <see cref="IJobJournal"/> before it counts, and hands workers only jobs whose checkout is
/// free, through a channel. A job enters the channel when nothing of its checkout is ahead of
/// it, so however many workers read, one checkout never has two jobs at once; and a checkout
/// whose job ends goes to the back of the channel, behind the other checkouts' jobs.
/// Every recorded change worth telling (queued, merged, finished) goes to <paramref name="events"/>.
/// </summary>
public sealed class JobScheduler(IJobJournal journal, IJobEvents events) : IJobQueue
{
    // One change at a time, journal write included: a merge must never land in a job that a worker started meanwhile.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Channel<JobId> ready = Channel.CreateUnbounded<JobId>();
    private readonly Channel<PendingOffer> offers = Channel.CreateUnbounded<PendingOffer>(new UnboundedChannelOptions { SingleReader = true });
    private volatile JobBoard board = JobBoard.Empty;
    private long lastId;
    private int flushing;

    // Enough to share one fsync among a burst, small enough to answer the first of it quickly.
    private const int MaxBatch = 256;

    // When each job on the board last took a request (added or merged), for the follow-up's quiet period.
    private readonly Dictionary<JobId, DateTimeOffset> lastRequest = [];

    /// <summary>
    /// How long a follow-up (a job that waited behind another of its checkout) waits for pushes to
    /// stop before it starts, so that a burst runs as one running job and one follow-up. Zero, the
    /// default, starts it at once.
    /// </summary>
    public TimeSpan FollowUpQuiet { get; init; } = TimeSpan.Zero;

    /// <summary>The longest a follow-up waits for quiet, however long pushes keep coming.</summary>
    public TimeSpan FollowUpMaxWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of the quiet period.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Puts back on the board the jobs an earlier run left queued or running, oldest first.</summary>
    public Task<Either<Error, Unit>> Resume(CancellationToken cancellationToken) => Changing(async () =>
        (await journal.Resume(cancellationToken)).Map(resumed =>
        {
            var (resumedBoard, readyJobs) = JobBoard.Resume(resumed.Waiting);
            board = resumedBoard;
            lastId = resumed.LastId;
            foreach (var job in readyJobs) ready.Writer.TryWrite(job.Id);
            return Unit.Default;
        }));

    /// <inheritdoc />
    /// <remarks>
    /// Requests that arrive together are offered to the board in arrival order and recorded in one
    /// journal write (group commit); each is answered once its batch is committed, or with the
    /// journal's error, in which case none of the batch is queued.
    /// </remarks>
    public async Task<Either<Error, Enqueued>> Enqueue(JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken)
    {
        var offer = new PendingOffer(request, deliveryId, new(TaskCreationOptions.RunContinuationsAsynchronously));
        offers.Writer.TryWrite(offer);
        if (Interlocked.CompareExchange(ref flushing, 1, 0) == 0)
            _ = Task.Run(FlushOffers, CancellationToken.None);
        return await offer.Answer.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushOffers()
    {
        while (await offers.Reader.WaitToReadAsync())
        {
            var batch = new List<PendingOffer>();
            while (batch.Count < MaxBatch && offers.Reader.TryRead(out var offer))
                batch.Add(offer);
            try
            {
                await Changing(() => Record(batch));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var offer in batch)
                    offer.Answer.TrySetResult(Error.New(e));
            }
        }
    }

    private async Task<Unit> Record(List<PendingOffer> batch)
    {
        var (working, id) = (board, lastId);
        var offered = new List<(PendingOffer Offer, Offered Outcome, JobBoard Before, int QueueSize)>();
        foreach (var offer in batch)
        {
            var (next, outcome) = working.Offer(offer.Request, new JobId(id + 1));
            if (outcome is Offered.Added added)
                id = added.Id.Value;
            offered.Add((offer, outcome, working, next.Count));
            working = next;
        }

        var recorded = await journal.Record(offered.Select(o => new OfferRecord(o.Outcome, o.Offer.Request, o.Offer.DeliveryId)).ToSeq(), CancellationToken.None);
        foreach (var error in recorded.LeftToSeq())
        {
            foreach (var o in offered)
                o.Offer.Answer.TrySetResult(error);
            return Unit.Default;
        }

        (board, lastId) = (working, id);
        var now = Clock.GetUtcNow();
        foreach (var (offer, outcome, before, queueSize) in offered)
        {
            lastRequest[outcome.Job] = now;
            if (outcome is Offered.Added { Ready: true } ready)
                this.ready.Writer.TryWrite(ready.Id);
            await events.Tell(outcome.Match<JobEvent>(
                added: added => new JobEvent.Queued(added.Id, offer.Request),
                merged: merged => new JobEvent.Merged(merged.Id, before.Find(merged.Id).Map(j => j.Request).IfNone(offer.Request), offer.Request)), CancellationToken.None);
            offer.Answer.TrySetResult(new Enqueued(outcome.Job, offer.Request.Action, outcome is Offered.Merged, queueSize));
        }
        return Unit.Default;
    }

    private sealed record PendingOffer(JobRequest Request, Option<string> DeliveryId, TaskCompletionSource<Either<Error, Enqueued>> Answer);

    /// <inheritdoc />
    public Seq<BoardJob> Snapshot() => board.Jobs;

    /// <summary>Waits for a job whose checkout is free and marks it running.</summary>
    public async ValueTask<BoardJob> Next(CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = await ready.Reader.ReadAsync(cancellationToken);
            var started = await Changing(async () =>
            {
                var job = board.Find(id);
                if (job.IsNone) return job;
                board = board.Start(id);
                // Not recording the start only means the job runs again after a crash; /healthz shows the journal.
                await journal.Start(id, CancellationToken.None);
                return job.Map(j => j with { Running = true });
            });
            foreach (var job in started) return job;
        }
    }

    /// <summary>Records how a job ended, takes it off the board and lets the next job of its checkout run.</summary>
    public Task<Either<Error, Unit>> Finish(JobId id, JobOutcome outcome) => Changing(async () =>
    {
        var recorded = await journal.Finish(id, outcome, CancellationToken.None);
        foreach (var done in board.Find(id))
            await events.Tell(new JobEvent.Finished(id, done.Request, outcome), CancellationToken.None);
        (board, var next) = board.Finish(id);
        lastRequest.Remove(id);
        foreach (var job in next) Release(job.Id, Clock.GetUtcNow());
        return recorded;
    });

    // Under the gate: hands the follow-up to the workers once no request came for FollowUpQuiet
    // (or FollowUpMaxWait after it could first have started), else looks again when it might be.
    private void Release(JobId id, DateTimeOffset since)
    {
        var now = Clock.GetUtcNow();
        var quietFor = now - lastRequest.GetValueOrDefault(id, DateTimeOffset.MinValue);
        if (quietFor >= FollowUpQuiet || now - since >= FollowUpMaxWait)
        {
            ready.Writer.TryWrite(id);
            return;
        }

        // The timer starts now, under the gate, not whenever a pool thread gets to it.
        _ = LookAgain(id, since, Task.Delay(FollowUpQuiet - quietFor, Clock));
    }

    private async Task LookAgain(JobId id, DateTimeOffset since, Task quietPeriod)
    {
        await quietPeriod.ConfigureAwait(false);
        await Changing(() =>
        {
            if (board.Find(id).Exists(job => !job.Running))
                Release(id, since);
            return Task.FromResult(Unit.Default);
        });
    }

    /// <summary>Puts a job that was cut off (by shutdown) back to waiting, first of its checkout.</summary>
    public Task<Either<Error, Unit>> Requeue(JobId id) => Changing(async () =>
    {
        var recorded = await journal.Requeue(id, CancellationToken.None);
        board = board.Requeue(id);
        ready.Writer.TryWrite(id);
        return recorded;
    });

    private async Task<T> Changing<T>(Func<Task<T>> change, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            gate.Release();
        }
    }
}
