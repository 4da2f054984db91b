using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Tests.Shared;

/// <summary>A journal in memory that records what it was told, and can refuse every write.</summary>
internal sealed class MemoryJournal : IJobJournal
{
    private readonly Lock gate = new();

    public List<string> Calls { get; } = [];

    public Seq<BoardJob> Left { get; init; } = Seq<BoardJob>.Empty;

    public long LastId { get; init; }

    public bool Refuse { get; set; }

    /// <summary>When set, each burst waits for it before it is recorded, as a slow disk would make it.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>How many offers each burst recorded, in order.</summary>
    public List<int> Bursts { get; } = [];

    public async Task<Either<Error, Unit>> Record(Seq<OfferRecord> offers, CancellationToken cancellationToken)
    {
        if (Hold is { } hold)
            await hold.Task;
        lock (gate) Bursts.Add(offers.Count);
        foreach (var offer in offers)
        {
            var recorded = await offer.Outcome.Match(
                added: added => Add(added.Id, offer.Request, offer.DeliveryId, cancellationToken),
                merged: merged => Merge(merged.Id, offer.Request, offer.DeliveryId, cancellationToken));
            if (recorded.IsLeft)
                return recorded;
        }
        return Unit.Default;
    }

    public Task<Either<Error, Resumed>> Resume(CancellationToken cancellationToken) =>
        Record("resume", () => new Resumed(Left, LastId));

    public Task<Either<Error, Unit>> Add(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken) =>
        Record($"add {id} {request.Repo} {request.Action}", () => Unit.Default);

    public Task<Either<Error, Unit>> Merge(JobId id, JobRequest request, Option<string> deliveryId, CancellationToken cancellationToken) =>
        Record($"merge {id} {request.After}", () => Unit.Default);

    public Task<Either<Error, Unit>> Start(JobId id, CancellationToken cancellationToken) => Record($"start {id}", () => Unit.Default);

    public Task<Either<Error, Unit>> Finish(JobId id, JobOutcome outcome, CancellationToken cancellationToken) =>
        Record($"finish {id} {outcome.GetType().Name}", () => Unit.Default);

    public Task<Either<Error, Unit>> Requeue(JobId id, CancellationToken cancellationToken) => Record($"requeue {id}", () => Unit.Default);

    public Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken) => Record("check", () => Unit.Default);

    private Task<Either<Error, T>> Record<T>(string call, Func<T> result)
    {
        lock (gate)
        {
            if (Refuse)
                return Task.FromResult<Either<Error, T>>(Error.New("journal refused " + call));
            Calls.Add(call);
            return Task.FromResult<Either<Error, T>>(result());
        }
    }
}
