using GitReload.Domain.Fleet;
using LanguageExt;

namespace GitReload.Domain.Reconcile;

/// <summary>One host's checkout on the followed branch: its origin and its HEAD (none in an empty clone).</summary>
/// <param name="Host">The host.</param>
/// <param name="OriginUrl">Its checkout's origin.</param>
/// <param name="Head">Its HEAD's commit: read from disk for the host that asks, as last registered for the others.</param>
public sealed record HeldCheckout(HostId Host, string OriginUrl, Option<string> Head);
