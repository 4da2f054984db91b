using GitReload.Domain.Hooks;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>Every git checkout under <c>REPODIR</c>, as a person looking at the host wants to see them.</summary>
public interface ICheckoutCatalog
{
    /// <summary>The checkouts under <c>REPODIR</c>, by name; empty when <c>REPODIR</c> cannot be read.</summary>
    Task<Seq<CheckoutSummary>> List(CancellationToken cancellationToken);
}

/// <summary>One checkout: its branch (none when HEAD is detached) and HEAD's SHA (none in an empty clone).</summary>
public sealed record CheckoutSummary(RepoName Repo, Option<string> Branch, Option<string> Head);
