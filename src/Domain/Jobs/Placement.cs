namespace GitReload.Domain.Jobs;

/// <summary>Where a request goes on the board: into a waiting job of the same work, or a new job.</summary>
public abstract record Placement
{
    private Placement() { }

    /// <summary>The same work is waiting as job <paramref name="Job"/>: the request merges into it.</summary>
    public sealed record MergeInto(JobId Job) : Placement;

    /// <summary>
    /// The request becomes a new job; <paramref name="Ready"/> when nothing of its checkout is ahead
    /// of it, else it is a follow-up that waits for pushes to stop before it starts.
    /// </summary>
    public sealed record NewJob(bool Ready) : Placement;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<MergeInto, T> mergeInto, Func<NewJob, T> newJob) => this switch
    {
        MergeInto m => mergeInto(m),
        NewJob n => newJob(n),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
