using GitReload.Domain.Hooks;

namespace GitReload.Domain.Jobs;

/// <summary>A job asked for by an accepted push.</summary>
/// <param name="Repo">The checkout's folder name under <c>REPODIR</c>.</param>
/// <param name="Action">Import or update.</param>
/// <param name="RepoUrl">The checkout's own origin URL, never the payload's.</param>
/// <param name="Branch">The checked-out branch the push moved.</param>
/// <param name="After">The pushed SHA.</param>
public sealed record JobRequest(RepoName Repo, JobAction Action, string RepoUrl, string Branch, string After)
{
    /// <summary>True when both requests would do the same work on the same checkout.</summary>
    public bool SameWorkAs(JobRequest other) => Repo == other.Repo && Action == other.Action;
}
