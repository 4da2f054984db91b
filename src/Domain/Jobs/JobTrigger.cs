namespace GitReload.Domain.Jobs;

/// <summary>What asked for a job.</summary>
public enum JobTrigger
{
    /// <summary>A forge's push webhook.</summary>
    Push,

    /// <summary>The reconcile loop found origin ahead of the checkout.</summary>
    Poll,

    /// <summary>An operator, through an admin route.</summary>
    Manual,

    /// <summary>A failed job tried again later.</summary>
    Retry,
}
