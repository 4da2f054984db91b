using GitReload.Application.Fleet;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.Application.Tests;

/// <summary>Retiring a host, against the real SQLite journal: only a known host that is down.</summary>
public sealed class ForgetHostTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly TestJournal journal;

    public ForgetHostTests() => journal = new TestJournal(clock);

    public void Dispose() => journal.Dispose();

    private async Task<string> Forget(string host) =>
        (await new ForgetHost(journal, new NoJobEvents()).Handle(host, default))
            .Match(
                ended => $"retired, {ended} ended",
                refused => $"{refused.Match(_ => "not a host id", _ => "unknown", _ => "still live", _ => "journal failed")}: {refused.Message}");

    [Fact]
    public async Task A_live_host_is_refused_with_when_it_was_seen_and_when_it_may_be_retired()
    {
        Assert.Equal(
            "still live: host test-host counts as live: it was seen at 2026-11-30 12:00:00Z, within the last 30 s; stop it (a host that stops cleanly can be retired at once), or retire it once it has not been seen for 30 s",
            await Forget(TestJournal.Host.Value));
    }

    [Fact]
    public async Task A_host_the_fleet_does_not_know_and_a_name_that_cannot_be_a_host_are_refused()
    {
        Assert.StartsWith("unknown: no host other-host in the fleet", await Forget("other-host"));
        Assert.StartsWith("not a host id: HOST_ID must be", await Forget("two words"));
    }

    [Fact]
    public async Task A_host_that_stopped_cleanly_is_retired_at_once()
    {
        (await journal.Leave(TestJournal.Host, default)).IfLeft(e => throw new Xunit.Sdk.XunitException(e.Message));

        Assert.Equal("retired, 0 ended", await Forget(TestJournal.Host.Value));
    }

    [Fact]
    public async Task A_host_down_for_30_s_is_retired()
    {
        clock.Advance(FleetHost.DownAfter + TimeSpan.FromSeconds(1));

        Assert.Equal("retired, 0 ended", await Forget(TestJournal.Host.Value));
        Assert.StartsWith("unknown: ", await Forget(TestJournal.Host.Value));
    }
}
