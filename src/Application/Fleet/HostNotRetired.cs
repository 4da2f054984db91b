using System.Diagnostics;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using LanguageExt.Common;

namespace GitReload.Application.Fleet;

/// <summary>Why <see cref="ForgetHost"/> retired no host; the message is the one line to show the operator.</summary>
public abstract record HostNotRetired : Expected
{
    private HostNotRetired(string message) : base(message, 0, default) { }

    /// <summary>The name given cannot be a host id.</summary>
    /// <param name="Line">Why, as <see cref="HostId.Parse"/> says it.</param>
    public sealed record NotAHostId(string Line) : HostNotRetired(Line);

    /// <summary>The fleet knows no such host (it never joined, or was retired already).</summary>
    /// <param name="Host">The host asked for.</param>
    public sealed record Unknown(HostId Host) : HostNotRetired($"no host {Host} in the fleet (GET /hosts lists them)");

    /// <summary>The host was seen within <see cref="FleetHost.DownAfter"/>: it may still be running.</summary>
    /// <param name="Host">The host asked for.</param>
    /// <param name="LastSeen">When it was seen last.</param>
    public sealed record StillLive(HostId Host, DateTimeOffset LastSeen) : HostNotRetired(
        $"host {Host} counts as live: it was seen at {LastSeen:u}, within the last {FleetHost.DownAfter.TotalSeconds:0} s; stop it (a host that stops cleanly can be retired at once), or retire it once it has not been seen for {FleetHost.DownAfter.TotalSeconds:0} s");

    /// <summary>The fleet's journal could not be read or written.</summary>
    /// <param name="Why">The journal's error.</param>
    public sealed record JournalFailed(Error Why) : HostNotRetired(Why.Message);

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<NotAHostId, T> notAHostId, Func<Unknown, T> unknown, Func<StillLive, T> stillLive, Func<JournalFailed, T> journalFailed) => this switch
    {
        NotAHostId n => notAHostId(n),
        Unknown u => unknown(u),
        StillLive l => stillLive(l),
        JournalFailed j => journalFailed(j),
        _ => throw new UnreachableException(),
    };

    /// <inheritdoc />
    public override string ToString() => Message;
}
