namespace GitReload.Domain.Jobs;

/// <summary>What a job does to a checkout. The names are those of the original <c>/queue</c>.</summary>
public enum JobAction
{
    /// <summary>Run the Open edX <c>git_add_course</c> import for the checkout.</summary>
    CourseImport,

    /// <summary>Bring the checkout to the newest commit of its branch on origin.</summary>
    GetLatest,

    /// <summary>Point a checkout published atomically back at the tree it published before (asked for by hand).</summary>
    Rollback,
}
