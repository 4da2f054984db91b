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
}

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
