namespace GitReload.Domain.Jobs;

/// <summary>Where a job is in its life, as <c>/jobs</c> shows it.</summary>
public enum JobStatus
{
    /// <summary>Waiting for a worker (also after a restart or a shutdown cut it off).</summary>
    Queued,

    /// <summary>A worker is doing it.</summary>
    Running,

    /// <summary>It did its work.</summary>
    Succeeded,

    /// <summary>It could not do its work; its error says why.</summary>
    Failed,

    /// <summary>Every host it was for was retired from the fleet before running it.</summary>
    Cancelled,
}
