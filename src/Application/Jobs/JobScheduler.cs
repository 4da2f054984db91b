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
    private volatile JobBoard board = JobBoard.Empty;
    private long lastId;

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
    public Task<Either<Error, Enqueued>> Enqueue(JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken) => Changing(async () =>
    {
        var (next, outcome) = board.Offer(request, new JobId(lastId + 1));
        var recorded = await outcome.Match(
            added: added => journal.Add(added.Id, request, deliveryId, cancellationToken),
            merged: merged => journal.Merge(merged.Id, request, deliveryId, cancellationToken));
        if (recorded.IsRight)
            await events.Tell(outcome.Match<JobEvent>(
                added: added => new JobEvent.Queued(added.Id, request),
                merged: merged => new JobEvent.Merged(merged.Id, board.Find(merged.Id).Map(j => j.Request).IfNone(request), request)), CancellationToken.None);
        return recorded.Map(_ =>
        {
            board = next;
            var merged = outcome.Match(
                added: added =>
                {
                    lastId = added.Id.Value;
                    if (added.Ready) ready.Writer.TryWrite(added.Id);
                    return false;
                },
                merged: _ => true);
            return new Enqueued(outcome.Job, request.Action, merged, next.Count);
        });
    }, cancellationToken);

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
        foreach (var job in next) ready.Writer.TryWrite(job.Id);
        return recorded;
    });

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
