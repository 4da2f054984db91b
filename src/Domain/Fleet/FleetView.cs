using GitReload.Domain.Checkouts;
using LanguageExt;

namespace GitReload.Domain.Fleet;

/// <summary>
/// The checkouts of one repository across the fleet, as a hook is decided against them: this
/// host's, read from disk now, and the other hosts' as they last registered them. A host alone
/// (the SQLite journal) is a fleet of one.
/// </summary>
/// <param name="Self">This host's checkout.</param>
/// <param name="Others">The other hosts that registered a checkout of the repository.</param>
public sealed record FleetView(HostCheckout Self, Seq<HostCheckout> Others)
{
    /// <summary>A fleet of one: <paramref name="host"/> with <paramref name="checkout"/>.</summary>
    public static FleetView Alone(HostId host, CheckoutState checkout) => new(new HostCheckout(host, checkout), Seq<HostCheckout>.Empty);

    /// <summary>Every host's checkout, this host first.</summary>
    public Seq<HostCheckout> All => Self.Cons(Others.Filter(o => o.Host != Self.Host));
}
