using GitReload.Adapters.Journal;
using GitReload.Adapters.Sqlite;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Tests.Shared;

/// <summary>
/// The real SQLite journal in a temp folder, joined by <see cref="Host"/>, that records what it
/// was asked (in <see cref="Calls"/>), and can refuse every write or hold each burst of offers as a
/// slow disk would.
/// </summary>
internal sealed class TestJournal : IJobJournal, IJobHistory, IDeliveryLog, IFleetRegistry, IDisposable
{
    public static readonly HostId Host = HostId.Parse("test-host").Match(h => h, e => throw new InvalidOperationException(e.Message));

    private readonly Lock gate = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "gitreload-journal-" + Guid.NewGuid().ToString("N"));

    public TestJournal(TimeProvider? clock = null)
    {
        Inner = SqliteJournal.Open(folder, clock ?? TimeProvider.System, 1000).Match(j => j, problem => throw new InvalidOperationException(problem.Message));
        Inner.Join(Host, "test", CancellationToken.None).GetAwaiter().GetResult().IfLeft(e => throw new InvalidOperationException(e.Message));
    }

    /// <summary>The journal itself.</summary>
    public SqlJournal Inner { get; }

    /// <summary>What was recorded, in order: <c>add 1 a GetLatest</c>, <c>merge 1 sha</c>, <c>start 1</c>, <c>finish 1 Succeeded</c>, <c>requeue 1</c>.</summary>
    public List<string> Calls { get; } = [];

    public bool Refuse { get; set; }

    /// <summary>When set, each burst of offers waits for it before it is recorded.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes once an offer has reached the journal (before <see cref="Hold"/> lets it through).</summary>
    public Task OfferReached => offerReached.Task;

    private readonly TaskCompletionSource offerReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? lookedInVain;

    /// <summary>
    /// Completes when a claim made after this call finds nothing to hand out (or is refused): the scheduler then
    /// waits, so a test can see what it has not handed out without waiting on the wall clock.
    /// </summary>
    public Task NextFindsNothing()
    {
        lock (gate) return (lookedInVain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    private void LookedInVain()
    {
        lock (gate) lookedInVain?.TrySetResult();
    }

    /// <summary>How many offers each burst recorded, in order.</summary>
    public List<int> Bursts { get; } = [];

    public async Task<Either<Error, Seq<Recorded>>> Offer(Seq<JobOffer> offers, CancellationToken cancellationToken)
    {
        offerReached.TrySetResult();
        if (Hold is { } hold)
            await hold.Task;
        if (Refused("offer") is { } refused) return refused.Map(_ => Seq<Recorded>.Empty);
        var recorded = await Inner.Offer(offers, cancellationToken);
        lock (gate)
        {
            Bursts.Add(offers.Count);
            foreach (var r in recorded.RightToSeq().Bind(r => r))
                Calls.Add(r.Event.Match(queued: q => $"add {q.Id} {q.Request.Repo} {q.Request.Action}", merged: m => $"merge {m.Id} {m.Newest.After.IfNone("")}", finished: f => $"finish {f.Id}"));
        }
        return recorded;
    }

    public async Task<Either<Error, Claim>> Next(HostId host, FollowUpPolicy policy, CancellationToken cancellationToken)
    {
        if (Refused("next") is { } refused)
        {
            LookedInVain();
            return refused.Map(_ => (Claim)new Claim.Nothing(Option<DateTimeOffset>.None));
        }
        var claim = await Inner.Next(host, policy, cancellationToken);
        if (claim.Exists(c => c is Claim.Nothing))
            LookedInVain();
        foreach (var claimed in claim.RightToSeq().Choose(c => c is Claim.Claimed found ? Option<Claim.Claimed>.Some(found) : Option<Claim.Claimed>.None))
            Record($"start {claimed.Job}");
        return claim;
    }

    public async Task<Either<Error, Option<JobEvent.Finished>>> Finish(HostId host, JobId job, JobOutcome outcome, CancellationToken cancellationToken)
    {
        if (Refused("finish") is { } refused) return refused.Map(_ => Option<JobEvent.Finished>.None);
        Record($"finish {job} {outcome.GetType().Name}");
        return await Inner.Finish(host, job, outcome, cancellationToken);
    }

    public async Task<Either<Error, Unit>> Requeue(HostId host, JobId job, CancellationToken cancellationToken)
    {
        if (Refused("requeue") is { } refused) return refused;
        Record($"requeue {job}");
        return await Inner.Requeue(host, job, cancellationToken);
    }

    public Task<Either<Error, Unit>> Progress(HostId host, JobId job, JobProgressReport progress, CancellationToken cancellationToken) =>
        Inner.Progress(host, job, progress, cancellationToken);

    public Task<Either<Error, Unit>> CheckWritable(CancellationToken cancellationToken) =>
        Refused("check") is { } refused ? Task.FromResult(refused) : Inner.CheckWritable(cancellationToken);

    public void Subscribe(Action changed) => Inner.Subscribe(changed);

    public Task<Either<Error, Seq<JobRecord>>> List(JobQuery query, CancellationToken cancellationToken) => Inner.List(query, cancellationToken);

    public Task<Either<Error, Option<JobRecord>>> Find(JobId id, CancellationToken cancellationToken) => Inner.Find(id, cancellationToken);

    public Task<Either<Error, Seq<JobRecord>>> Open(CancellationToken cancellationToken) => Inner.Open(cancellationToken);

    public Task<Either<Error, Seq<JobRecord>>> OpenFirst(int limit, CancellationToken cancellationToken) => Inner.OpenFirst(limit, cancellationToken);

    public Task<Either<Error, int>> OpenCount(CancellationToken cancellationToken) => Inner.OpenCount(cancellationToken);

    public Task<Either<Error, Option<JobId>>> Accepted(string deliveryId, CancellationToken cancellationToken) =>
        Refused("accepted") is { } refused ? Task.FromResult(refused.Map(_ => Option<JobId>.None)) : Inner.Accepted(deliveryId, cancellationToken);

    public Task<Either<Error, Unit>> Join(HostId host, string version, CancellationToken cancellationToken) => Inner.Join(host, version, cancellationToken);

    public Task<Either<Error, bool>> Heartbeat(HostId host, Seq<JobId> running, CancellationToken cancellationToken) => Inner.Heartbeat(host, running, cancellationToken);

    public Task<Either<Error, Unit>> Leave(HostId host, CancellationToken cancellationToken) => Inner.Leave(host, cancellationToken);

    public Task<Either<Error, Unit>> Register(HostId host, Seq<RegisteredCheckout> checkouts, bool complete, CancellationToken cancellationToken) =>
        Inner.Register(host, checkouts, complete, cancellationToken);

    public Task<Either<Error, Seq<HostCheckout>>> Holders(RepoName repo, HostId self, CancellationToken cancellationToken) => Inner.Holders(repo, self, cancellationToken);

    public Task<Either<Error, Seq<FleetHost>>> Hosts(CancellationToken cancellationToken) => Inner.Hosts(cancellationToken);

    public Task<Either<Error, Seq<JobEvent.Finished>>> Forget(HostId host, CancellationToken cancellationToken) => Inner.Forget(host, cancellationToken);

    /// <summary>The jobs waiting or running, oldest first (the journal's answer, or a failure of the test).</summary>
    public Seq<JobRecord> OpenJobs() => Inner.Open(CancellationToken.None).GetAwaiter().GetResult().Match(j => j, e => throw new InvalidOperationException(e.Message));

    public void Dispose()
    {
        Inner.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private Either<Error, Unit>? Refused(string call)
    {
        lock (gate) return Refuse ? Either<Error, Unit>.Left(Error.New("journal refused " + call)) : (Either<Error, Unit>?)null;
    }

    private void Record(string call)
    {
        lock (gate) Calls.Add(call);
    }
}
