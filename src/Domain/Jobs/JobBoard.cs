using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>
/// The queue policy: the jobs waiting or running, oldest first. A request merges into a waiting
/// job that does the same work; jobs of one checkout run one after the other in arrival order;
/// jobs of different checkouts are independent. Every operation returns a new board.
/// <para>
/// What runs in production: the journal (<c>SqlJournal.Offers.cs</c>) places every offer with
/// <see cref="Place"/>, <see cref="Add"/>, <see cref="Merge"/> and <see cref="Find"/>. Starting, finishing and
/// requeueing are the journal's own SQL (claims go through <c>HostQueue.Next</c>); <see cref="Offer"/>,
/// <see cref="Start"/>, <see cref="Finish"/>, <see cref="Requeue"/> and <see cref="Resume"/> are the model of
/// that life, used by the F# face and the queue-policy snapshot. The journal contract's
/// <c>The_journal_s_queue_after_offers_claims_requeues_and_finishes_is_the_queue_policy_model_s_board</c>
/// (tests/Shared/Journal/JournalContract.Model.cs) pins that the journal agrees with the model.
/// </para>
/// </summary>
public sealed record JobBoard(Seq<BoardJob> Jobs)
{
    /// <summary>A board with nothing on it.</summary>
    public static JobBoard Empty { get; } = new(Seq<BoardJob>.Empty);

    /// <summary>
    /// The board of jobs left waiting by an earlier run (a restart), oldest first, and the jobs
    /// that may run at once: the oldest of each checkout.
    /// </summary>
    public static (JobBoard Board, Seq<BoardJob> Ready) Resume(Seq<BoardJob> waiting)
    {
        var jobs = waiting.Map(j => j with { Running = false });
        var ready = jobs.Filter(j => jobs.Find(o => o.Request.Repo == j.Request.Repo).Exists(o => o.Id == j.Id));
        return (new JobBoard(jobs), ready);
    }

    /// <summary>How many jobs are waiting or running.</summary>
    public int Count => Jobs.Count;

    /// <summary>
    /// Where <paramref name="request"/> would go: merged into the waiting job of the same work if
    /// there is one (a job counts as waiting until any of its hosts starts it), else a new job.
    /// </summary>
    public Placement Place(JobRequest request) =>
        Jobs.Find(j => !j.Running && j.Request.SameWorkAs(request)).Match<Placement>(
            Some: waiting => new Placement.MergeInto(waiting.Id),
            None: () => new Placement.NewJob(Ready: !Jobs.Exists(j => j.Request.Repo == request.Repo)));

    /// <summary>
    /// Puts <paramref name="request"/> on the board: merged into the waiting job of the same work if
    /// there is one, else added as job <paramref name="newId"/>.
    /// </summary>
    public (JobBoard Board, Offered Outcome) Offer(JobRequest request, JobId newId) => Place(request).Match(
        mergeInto: merge => (Merge(merge.Job, request), (Offered)new Offered.Merged(merge.Job)),
        newJob: added => (Add(newId, request), new Offered.Added(newId, added.Ready)));

    /// <summary>Adds <paramref name="request"/> as the waiting job <paramref name="id"/>, last of its checkout.</summary>
    public JobBoard Add(JobId id, JobRequest request) =>
        this with { Jobs = Jobs.Add(new BoardJob(id, request, Running: false, Merged: 0)) };

    /// <summary>
    /// Merges <paramref name="request"/> into the waiting job <paramref name="id"/>: it now carries the
    /// newest request, with the commit it had when the newest names none (<see cref="JobRequest.MergedInto"/>).
    /// </summary>
    public JobBoard Merge(JobId id, JobRequest request) =>
        Find(id).Match(waiting => Replace(waiting with { Request = request.MergedInto(waiting.Request), Merged = waiting.Merged + 1 }), () => this);

    /// <summary>Marks job <paramref name="id"/> as running; a request for the same work now queues a follow-up.</summary>
    public JobBoard Start(JobId id) =>
        Find(id).Match(job => Replace(job with { Running = true }), () => this);

    /// <summary>Marks the running job <paramref name="id"/> as waiting again (it was cut off); it stays first of its checkout.</summary>
    public JobBoard Requeue(JobId id) =>
        Find(id).Match(job => Replace(job with { Running = false }), () => this);

    /// <summary>
    /// Takes job <paramref name="id"/> off the board and gives the job of the same checkout that may run next.
    /// </summary>
    public (JobBoard Board, Option<BoardJob> Next) Finish(JobId id) =>
        Find(id).Match(
            Some: done =>
            {
                var rest = Jobs.Filter(j => j.Id != id);
                return (this with { Jobs = rest }, rest.Find(j => j.Request.Repo == done.Request.Repo));
            },
            None: () => (this, Option<BoardJob>.None));

    /// <summary>The job with this id, if it is on the board.</summary>
    public Option<BoardJob> Find(JobId id) => Jobs.Find(j => j.Id == id);

    private JobBoard Replace(BoardJob job) => this with { Jobs = Jobs.Map(j => j.Id == job.Id ? job : j) };
}
