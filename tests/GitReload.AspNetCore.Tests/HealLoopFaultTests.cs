using System.Text.Json;
using GitReload.Adapters.Journal;
using GitReload.Application.Ports;
using GitReload.Domain.Fleet;
using GitReload.Tests.Shared;
using LanguageExt;
using LanguageExt.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitReload.AspNetCore.Tests;

/// <summary>
/// The heal loop outlives a fault it did not expect: the whole service on real Kestrel over the real
/// SQLite journal, whose heal ledger throws once (as a bug in an adapter would), a real checkout
/// whose origin is a real <c>git daemon</c>, and an injected clock.
/// </summary>
public sealed class HealLoopFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempGit git = new();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly LogRecorder logs = new();
    private readonly TaskCompletionSource thrown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GitDaemon daemon = null!;
    private WebApplication app = null!;
    private HttpClient client = null!;
    private string checkout = "";

    public async Task InitializeAsync()
    {
        checkout = git.Clone("course");
        daemon = new GitDaemon(git.Root);
        TempGit.Run(checkout, "remote", "set-url", "origin", daemon.UrlOf(git.OriginOf("course")));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGitReload(options =>
        {
            options.RepoDir = git.RepoDir;
            options.StateDir = Path.Combine(git.Root, "state");
            options.MaxAttempts = 1;
            options.FollowUpQuietSeconds = 0;
            options.GitTimeoutSeconds = 20;
        });
        builder.Services.AddSingleton<IHealLedger>(s => new ThrowsOnce(s.GetRequiredService<SqlJournal>(), thrown));
        app = builder.Build();
        app.MapGitReload();
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Patience };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        daemon.Dispose();
        git.Dispose();
    }

    [Fact]
    public async Task An_unexpected_fault_while_looking_for_failed_updates_is_logged_and_the_healing_goes_on()
    {
        await thrown.Task.WaitAsync(Patience);
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        var request = new HttpRequestMessage(HttpMethod.Post, "/update") { Content = new StringContent(AppWithGitReload.Push(pushed), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        Assert.Equal("failed", (await Ended(1)).GetProperty("status").GetString());

        await daemon.Start();
        clock.Advance(TimeSpan.FromMinutes(1));
        var healed = await Ended(2);

        Assert.Equal(("succeeded", "retry"), (healed.GetProperty("status").GetString(), healed.GetProperty("trigger").GetString()));
        Assert.Equal(pushed, TempGit.Head(checkout));
        Assert.Single(logs.Lines, l => l.StartsWith("Error: Looking for failed updates to try again failed unexpectedly", StringComparison.Ordinal));
    }

    private async Task<JsonElement> Ended(long id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await client.GetAsync($"/jobs/{id}");
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (json.RootElement.GetProperty("status").GetString() is "succeeded" or "failed")
                    return json.RootElement.Clone();
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id} did not end within {Patience}");
            await Task.Delay(50);
        }
    }

    // The real ledger, whose first read throws.
    private sealed class ThrowsOnce(IHealLedger inner, TaskCompletionSource thrown) : IHealLedger
    {
        private int calls;

        public Task<Either<Error, Seq<PendingHeal>>> Pending(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref calls) > 1)
                return inner.Pending(cancellationToken);
            thrown.TrySetResult();
            throw new InvalidOperationException("the heal ledger broke in a way no one expected");
        }

        public Task<Either<Error, bool>> Take(PendingHeal heal, HostId host, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.Take(heal, host, lease, cancellationToken);
    }
}
