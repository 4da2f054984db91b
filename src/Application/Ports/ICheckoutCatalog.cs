using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>Every git checkout under <c>REPODIR</c>, as the fleet registry and a person looking at the host want to see them.</summary>
public interface ICheckoutCatalog
{
    /// <summary>The checkouts under <c>REPODIR</c>, by name; empty when <c>REPODIR</c> cannot be read.</summary>
    Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken);

    /// <summary>The checkout of <paramref name="repo"/> as it is now (its state is <see cref="CheckoutState.NotCloned"/> when it is gone).</summary>
    Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken);

    /// <summary>
    /// The folders under <c>REPODIR</c> the last <see cref="List"/> left out because they look meant as checkouts but
    /// cannot be used (another user owns them, a link leads out of <c>REPODIR</c>, a <c>.git</c> git cannot open), by
    /// name, each with why: what a person must mend. None before the first listing; a catalog that cannot tell, none.
    /// </summary>
    Seq<RefusedFolder> Refused => Seq<RefusedFolder>.Empty;
}

/// <summary>A folder under <c>REPODIR</c> named like a checkout that cannot be used, and why, in one line that says what to do.</summary>
public sealed record RefusedFolder(RepoName Repo, string Reason);

/// <summary>One checkout a host holds: its state (branch, origin) and HEAD's SHA (none in an empty clone).</summary>
public sealed record RegisteredCheckout(RepoName Repo, CheckoutState State, Option<string> Head)
{
    /// <summary>For a checkout published atomically, the published commit (its <see cref="Head"/>) and those kept for a rollback.</summary>
    public Option<Domain.Publishing.Publication> Publication { get; init; }

    /// <summary>The checked-out branch, when HEAD is on one.</summary>
    public Option<string> Branch => State switch
    {
        CheckoutState.OnBranch b => b.Branch,
        CheckoutState.NoOrigin n => n.Branch,
        _ => Option<string>.None,
    };
}
