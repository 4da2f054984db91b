using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;

namespace GitReload.Adapters.Journal;

/// <summary>How the journal spells actions, statuses, triggers and checkout states in its columns.</summary>
public static class Names
{
    /// <summary>The original tool's name for an action, as <c>/queue</c> shows it.</summary>
    public static string Of(JobAction action) => action switch
    {
        JobAction.CourseImport => "COURSE_IMPORT",
        JobAction.Rollback => "ROLLBACK",
        _ => "GET_LATEST",
    };

    /// <summary>The action named <paramref name="name"/>.</summary>
    public static JobAction Action(string name) => name switch
    {
        "COURSE_IMPORT" => JobAction.CourseImport,
        "ROLLBACK" => JobAction.Rollback,
        _ => JobAction.GetLatest,
    };

    /// <summary>A job status in lower case, as <c>/jobs</c> shows it.</summary>
    public static string Of(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The job status named <paramref name="name"/>.</summary>
    public static JobStatus Status(string name) => Enum.Parse<JobStatus>(name, ignoreCase: true);

    /// <summary>A target status in lower case.</summary>
    public static string Of(TargetStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The target status named <paramref name="name"/>.</summary>
    public static TargetStatus TargetStatus(string name) => Enum.Parse<TargetStatus>(name, ignoreCase: true);

    /// <summary>A trigger in lower case.</summary>
    public static string Of(JobTrigger trigger) => trigger.ToString().ToLowerInvariant();

    /// <summary>The trigger named <paramref name="name"/>.</summary>
    public static JobTrigger Trigger(string name) => Enum.Parse<JobTrigger>(name, ignoreCase: true);

    /// <summary>How a registered checkout's state is stored, with its branch and origin when it has them.</summary>
    public static (string State, string? Branch, string? Origin) Of(CheckoutState state) => state.Match<(string, string?, string?)>(
        noRepoDir: _ => ("missing", null, null),
        notCloned: _ => ("missing", null, null),
        detached: _ => ("detached", null, null),
        noOrigin: n => ("no_origin", n.Branch, null),
        onBranch: b => ("on_branch", b.Branch, b.OriginUrl));

    /// <summary>What a checkout published atomically holds, from its head and its <c>kept</c> column (none for a checkout in place).</summary>
    public static LanguageExt.Option<Domain.Publishing.Publication> Publication(LanguageExt.Option<string> head, LanguageExt.Option<string> kept) =>
        from published in head
        from shas in kept
        select new Domain.Publishing.Publication(published, LanguageExt.Prelude.toSeq(shas.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>
    /// The checkout state stored as <paramref name="state"/>. <see cref="Of(CheckoutState)"/> always stores the branch (and,
    /// on a branch, the origin) with it; a row without them, edited by hand, reads as what is known: a
    /// checkout without its branch as detached (never a target), one without its origin as having none.
    /// </summary>
    public static CheckoutState State(string state, LanguageExt.Option<string> branch, LanguageExt.Option<string> origin) => state switch
    {
        "on_branch" or "no_origin" => branch.Match<CheckoutState>(
            Some: b => state == "on_branch"
                ? origin.Match<CheckoutState>(Some: o => new CheckoutState.OnBranch(b, o), None: () => new CheckoutState.NoOrigin(b))
                : new CheckoutState.NoOrigin(b),
            None: () => new CheckoutState.Detached()),
        "detached" => new CheckoutState.Detached(),
        _ => new CheckoutState.NotCloned(),
    };
}
