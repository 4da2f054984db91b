using GitReload.Domain.Hooks;
using GitReload.Domain.Reconcile;

namespace GitReload.Application.Ports;

/// <summary>The checkouts' origins, asked without fetching anything.</summary>
public interface IOrigins
{
    /// <summary>
    /// Asks the origin of <paramref name="repo"/>'s checkout for its branches and their commits, with
    /// the credentials and time limit of an update. Never throws for a failure: it is an answer.
    /// </summary>
    Task<OriginAnswer> Ask(RepoName repo, CancellationToken cancellationToken);
}
