using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Domain.Jobs;

/// <summary>A job asked for by an accepted push.</summary>
/// <param name="Repo">The checkout's folder name under <c>REPODIR</c>.</param>
/// <param name="Action">Import or update.</param>
/// <param name="RepoUrl">The checkout's own origin URL, never the payload's.</param>
/// <param name="Branch">The checked-out branch the push moved.</param>
/// <param name="After">The commit the job was asked for: the pushed SHA, or origin's commit a poll saw; for a rollback, the commit it undoes (the one the host that was asked publishes); none for another job asked for by hand.</param>
public sealed record JobRequest(RepoName Repo, JobAction Action, string RepoUrl, string Branch, Option<string> After)
{
    /// <summary>The forge repository of the push that asked for the job, when the delivery named one: where its commit statuses go.</summary>
    public Option<ForgeRepo> Source { get; init; }

    /// <summary>This request, asked for by a push from <paramref name="source"/> (for F#, which cannot use <c>with</c>).</summary>
    public JobRequest WithSource(Option<ForgeRepo> source) => this with { Source = source };

    /// <summary>The pushed commit on its forge, when both are known: the commit a job reports on.</summary>
    public Option<(ForgeRepo Repo, string Sha)> ReportedCommit() =>
        from repo in Source
        from sha in After
        select (repo, sha);

    /// <summary>
    /// What a waiting job that carried <paramref name="waiting"/> carries once this request merges
    /// into it: this request, the newest. But a request that names no commit (one made by hand; an
    /// update or import takes origin's newest commit either way) keeps the commit the waiting job was
    /// asked for, and its forge repository, so the push that queued the job still gets its status.
    /// </summary>
    public JobRequest MergedInto(JobRequest waiting) =>
        After.IsNone ? this with { After = waiting.After, Source = waiting.Source } : this;

    /// <summary>
    /// True when both requests would do the same work on the same checkout. Two updates (or imports)
    /// do: each takes origin's newest commit. Two rollbacks do only when they undo the same named
    /// commit; merging a rollback into one that names another commit would lose a step back.
    /// </summary>
    public bool SameWorkAs(JobRequest other) =>
        Repo == other.Repo && Action == other.Action
        && (Action != JobAction.Rollback || After.Exists(undo => other.After.Exists(o => o == undo)));
}
