namespace GitReload.Domain.Jobs;

/// <summary>What the board did with a request.</summary>
public abstract record Offered
{
    private Offered() { }

    /// <summary>The request became a new job; <paramref name="Ready"/> when nothing else of its checkout is ahead of it.</summary>
    public sealed record Added(JobId Id, bool Ready) : Offered;

    /// <summary>The same work was already waiting; the request was merged into job <paramref name="Id"/>.</summary>
    public sealed record Merged(JobId Id) : Offered;

    /// <summary>The job that carries the request, new or merged into.</summary>
    public JobId Job => Match(added: a => a.Id, merged: m => m.Id);

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Added, T> added, Func<Merged, T> merged) => this switch
    {
        Added a => added(a),
        Merged m => merged(m),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
