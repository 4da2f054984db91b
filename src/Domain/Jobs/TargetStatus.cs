namespace GitReload.Domain.Jobs;

/// <summary>Where one host's part of a job is (a job of a host alone has one target).</summary>
public enum TargetStatus
{
    /// <summary>Waiting for its host (or, for an import, for any host that holds the checkout).</summary>
    Queued,

    /// <summary>Its host is doing it.</summary>
    Running,

    /// <summary>Its host did the work.</summary>
    Succeeded,

    /// <summary>Its host could not do the work.</summary>
    Failed,

    /// <summary>A newer job of the same work took its place on that host before it started.</summary>
    Superseded,

    /// <summary>Its host was retired from the fleet before it started.</summary>
    Cancelled,
}
