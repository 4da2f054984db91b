using System.Threading.Channels;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Jobs;

/// <summary>
/// The in-process queue: keeps the <see cref="JobBoard"/> and hands workers only jobs whose
/// checkout is free, through a channel. A job enters the channel when nothing of its checkout
/// is ahead of it, so however many workers read, one checkout never has two jobs at once.
/// </summary>
public sealed class JobScheduler : IJobQueue
{
    private readonly Lock gate = new();
    private readonly Channel<JobId> ready = Channel.CreateUnbounded<JobId>();
    private JobBoard board = JobBoard.Empty;
    private long lastId;

    /// <inheritdoc />
    public Task<Either<Error, Enqueued>> Enqueue(JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            (board, var outcome) = board.Offer(request, new JobId(++lastId));
            var merged = outcome.Match(
                added: added =>
                {
                    if (added.Ready) ready.Writer.TryWrite(added.Id);
                    return false;
                },
                merged: _ => true);
            return Task.FromResult<Either<Error, Enqueued>>(new Enqueued(outcome.Job, request.Action, merged, board.Count));
        }
    }

    /// <inheritdoc />
    public Seq<BoardJob> Snapshot()
    {
        lock (gate) return board.Jobs;
    }

    /// <summary>Waits for a job whose checkout is free and marks it running.</summary>
    public async ValueTask<BoardJob> Next(CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = await ready.Reader.ReadAsync(cancellationToken);
            lock (gate)
            {
                board = board.Start(id);
                foreach (var job in board.Find(id)) return job;
            }
        }
    }

    /// <summary>Takes a finished job off the board and lets the next job of its checkout run.</summary>
    public void Finish(JobId id)
    {
        lock (gate)
        {
            (board, var next) = board.Finish(id);
            foreach (var job in next) ready.Writer.TryWrite(job.Id);
        }
    }
}
