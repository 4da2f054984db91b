using System.Text.Json.Serialization;
using GitReload.Adapters.Http.Jobs;
using GitReload.Application.Ports;
using LanguageExt;

namespace GitReload.Adapters.Http.Fleet;

/// <summary><c>GET /hosts</c>: every host of the fleet.</summary>
public sealed record HostsReply([property: JsonPropertyName("hosts")] IReadOnlyList<HostReply> Hosts)
{
    /// <summary>The reply for the registry's hosts.</summary>
    public static HostsReply From(Seq<FleetHost> hosts) => new(hosts.Map(HostReply.From).ToArray());
}

/// <summary>One host: <c>live</c>, <c>stopped</c> or <c>down</c> (<see cref="HostStatus"/>), its version, when it was last seen and when it stopped, its checkouts.</summary>
public sealed record HostReply(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("started_at")] string StartedAt,
    [property: JsonPropertyName("last_seen")] string LastSeen,
    [property: JsonPropertyName("left_at")] string? LeftAt,
    [property: JsonPropertyName("checkouts")] IReadOnlyList<HostCheckoutReply> Checkouts)
{
    /// <summary>The reply for one host.</summary>
    public static HostReply From(FleetHost host) => new(
        host.Id.Value, HostStatus.Of(host.Live, host.LeftAt), host.Version, JobReply.Iso(host.StartedAt), JobReply.Iso(host.LastSeen),
        host.LeftAt.Map(JobReply.Iso).IfNoneUnsafe((string?)null),
        host.Checkouts.Map(HostCheckoutReply.From).ToArray());
}

/// <summary>One checkout a host holds: <c>{repo_name, branch, head}</c>; branch is null on a detached HEAD.</summary>
public sealed record HostCheckoutReply(
    [property: JsonPropertyName("repo_name")] string RepoName,
    [property: JsonPropertyName("branch")] string? Branch,
    [property: JsonPropertyName("head")] string? Head)
{
    /// <summary>The reply for one checkout.</summary>
    public static HostCheckoutReply From(RegisteredCheckout checkout) => new(
        checkout.Repo.Value, checkout.Branch.IfNoneUnsafe((string?)null), checkout.Head.IfNoneUnsafe((string?)null));
}
