using GitReload.Domain.Checkouts;

namespace GitReload.Domain.Fleet;

/// <summary>What one host of the fleet has at <c>REPODIR/&lt;name&gt;</c> for a repository.</summary>
/// <param name="Host">The host.</param>
/// <param name="State">Its checkout: on which branch, with which origin, or what is wrong with it.</param>
public sealed record HostCheckout(HostId Host, CheckoutState State);
