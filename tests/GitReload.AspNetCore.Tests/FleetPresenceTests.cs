using System.Diagnostics.Metrics;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using GitReload.Application.Telemetry;
using GitReload.AspNetCore.Fleet;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Tests.Shared;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitReload.AspNetCore.Tests;

/// <summary>The registration of this host's checkouts, over real clones and the real SQLite journal.</summary>
public sealed class FleetPresenceTests : IDisposable
{
    private readonly TempGit git = new();
    private readonly TestJournal journal = new();

    public void Dispose()
    {
        journal.Dispose();
        git.Dispose();
    }

    [Fact]
    public async Task A_rescan_writes_only_the_checkouts_that_changed_and_forgets_those_gone()
    {
        var a = git.Clone("a");
        git.Clone("b");
        var registry = new RecordingRegistry(journal);
        var presence = Presence(registry);

        await presence.RegisterAll(default);
        await presence.RegisterAll(default);
        TempGit.Run(a, "commit", "--quiet", "--allow-empty", "-m", "moved");
        await presence.RegisterAll(default);
        Directory.Delete(git.CheckoutOf("b"), recursive: true);
        await presence.RegisterAll(default);
        await presence.RegisterAll(default);

        Assert.Equal(["a b (complete)", "(seen)", "a", "(seen)", "b", "(seen)", "(seen)"], registry.Written);
        var checkout = Assert.Single(Assert.Single((await journal.Hosts(default)).Match(h => h, e => throw new Xunit.Sdk.XunitException(e.Message))).Checkouts);
        Assert.Equal(("a", TempGit.Head(a)), (checkout.Repo.Value, checkout.Head.IfNone("")));
    }

    [Fact]
    public async Task A_checkout_registered_after_its_job_is_not_written_again_by_the_next_rescan()
    {
        var a = git.Clone("a");
        var registry = new RecordingRegistry(journal);
        var presence = Presence(registry);
        await presence.RegisterAll(default);

        TempGit.Run(a, "commit", "--quiet", "--allow-empty", "-m", "updated by a job");
        await presence.RegisterOne((RepoName)RepoName.Parse("a"), default);
        await presence.RegisterAll(default);

        Assert.Equal(["a (complete)", "a", "(seen)"], registry.Written);
    }

    [Fact]
    public async Task A_host_retired_while_it_runs_joins_again_with_every_checkout_at_its_next_heartbeat()
    {
        git.Clone("a");
        git.Clone("b");
        var registry = new RecordingRegistry(journal);
        var presence = Presence(registry);
        await presence.RegisterAll(default);

        Assert.True((await journal.Forget(TestJournal.Host, default)).IsRight);
        await presence.Beat(default);

        var hosts = (await journal.Hosts(default)).Match(h => h, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(["a", "b"], Assert.Single(hosts).Checkouts.Map(c => c.Repo.Value).OrderBy(r => r, StringComparer.Ordinal).ToArray());
        Assert.Equal(["a b (complete)", "a b (complete)"], registry.Written);
    }

    [Fact]
    public async Task After_the_journal_was_away_the_next_heartbeat_registers_every_checkout_again()
    {
        // Its server may have lost what was written last (a crash loses what it had not flushed); only a full registration puts it back.
        git.Clone("a");
        git.Clone("b");
        var registry = new RecordingRegistry(journal);
        var presence = Presence(registry);
        await presence.RegisterAll(default);
        await presence.Beat(default);

        registry.Away = true;
        await presence.Beat(default);
        registry.Away = false;
        await presence.Beat(default);
        await presence.Beat(default);

        Assert.Equal(["a b (complete)", "a b (complete)"], registry.Written);
    }

    private FleetPresence Presence(IFleetRegistry registry) => new(
        registry,
        new LibGit2CheckoutCatalog(new GitCheckoutSettings(git.RepoDir)) { Clock = new Later() },
        journal,
        new GitReload.Application.Jobs.JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host),
        new GitReloadMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()),
        TestJournal.Host,
        TimeProvider.System,
        NullLogger<FleetPresence>.Instance);

    // Every file counts as settled: only a real change makes a checkout read again.
    private sealed class Later : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddHours(1);
    }

    private sealed class RecordingRegistry(IFleetRegistry inner) : IFleetRegistry
    {
        public List<string> Written { get; } = [];

        public Task<Either<Error, Unit>> Register(HostId host, Seq<RegisteredCheckout> checkouts, bool complete, CancellationToken cancellationToken)
        {
            Written.Add(checkouts.IsEmpty ? "(seen)" : string.Join(" ", checkouts.Map(c => c.Repo.Value)) + (complete ? " (complete)" : ""));
            return inner.Register(host, checkouts, complete, cancellationToken);
        }

        public Task<Either<Error, Unit>> Join(HostId host, string version, CancellationToken cancellationToken) => inner.Join(host, version, cancellationToken);

        /// <summary>While set, heartbeats fail as with a journal that cannot be reached.</summary>
        public bool Away { get; set; }

        public Task<Either<Error, bool>> Heartbeat(HostId host, Seq<JobId> running, CancellationToken cancellationToken) =>
            Away ? Task.FromResult(Either<Error, bool>.Left(Error.New("journal away"))) : inner.Heartbeat(host, running, cancellationToken);

        public Task<Either<Error, Unit>> Leave(HostId host, CancellationToken cancellationToken) => inner.Leave(host, cancellationToken);

        public Task<Either<Error, Seq<HostCheckout>>> Holders(RepoName repo, HostId self, CancellationToken cancellationToken) => inner.Holders(repo, self, cancellationToken);

        public Task<Either<Error, Seq<FleetHost>>> Hosts(CancellationToken cancellationToken) => inner.Hosts(cancellationToken);

        public Task<Either<Error, Seq<Domain.Jobs.JobEvent.Finished>>> Forget(HostId host, CancellationToken cancellationToken) => inner.Forget(host, cancellationToken);
    }
}
