namespace GitReload.Domain.Jobs;

/// <summary>Something that happened to a job that the people who pushed may want to hear about.</summary>
public abstract record JobEvent
{
    private JobEvent() { }

    /// <summary>The job this event is about.</summary>
    public abstract JobId Id { get; }

    /// <summary>A new job <paramref name="Id"/> was queued for <paramref name="Request"/>.</summary>
    public sealed record Queued(JobId Id, JobRequest Request) : JobEvent
    {
        /// <inheritdoc />
        public override JobId Id { get; } = Id;
    }

    /// <summary><paramref name="Newest"/> was merged into the waiting job <paramref name="Id"/>, which carried <paramref name="Replaced"/> until now.</summary>
    public sealed record Merged(JobId Id, JobRequest Replaced, JobRequest Newest) : JobEvent
    {
        /// <inheritdoc />
        public override JobId Id { get; } = Id;
    }

    /// <summary>Job <paramref name="Id"/>, last asked for by <paramref name="Request"/>, ended as <paramref name="Outcome"/> on every host it was for.</summary>
    public sealed record Finished(JobId Id, JobRequest Request, JobOutcome Outcome) : JobEvent
    {
        /// <inheritdoc />
        public override JobId Id { get; } = Id;

        /// <summary>How its targets ended: one, for a host alone.</summary>
        public HostTally Tally { get; init; } = HostTally.One;
    }

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Queued, T> queued, Func<Merged, T> merged, Func<Finished, T> finished) => this switch
    {
        Queued q => queued(q),
        Merged m => merged(m),
        Finished f => finished(f),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
