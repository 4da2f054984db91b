using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;

namespace GitReload.Domain.Reports;

/// <summary>The state of a commit status, in GitHub's words; each forge adapter translates.</summary>
public enum CommitState
{
    /// <summary>The job is waiting or running.</summary>
    Pending,

    /// <summary>The job did its work (or a newer push took its place).</summary>
    Success,

    /// <summary>The job failed for a reason in what was pushed: an import that exits non-zero, a branch that is gone.</summary>
    Failure,

    /// <summary>GitReload could not do the job: the network, a lock or a git time limit, still failing after the retries.</summary>
    Error,
}

/// <summary>One commit status to post.</summary>
/// <param name="Repo">The repository on its forge.</param>
/// <param name="Sha">The commit.</param>
/// <param name="State">Pending, success, failure or error.</param>
/// <param name="Context">Which GitReload check: <c>gitreload/import</c> or <c>gitreload/update</c>.</param>
/// <param name="Description">One line, at most <see cref="CommitStatuses.MaxDescription"/> characters.</param>
/// <param name="Job">The job the status is about, for its URL.</param>
public sealed record CommitStatus(ForgeRepo Repo, string Sha, CommitState State, string Context, string Description, JobId Job);
