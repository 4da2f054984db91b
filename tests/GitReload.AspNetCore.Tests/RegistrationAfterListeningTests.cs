using System.Net;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitReload.AspNetCore.Tests;

/// <summary>
/// A host alone (SQLite) registers its checkouts in the journal after it starts listening (issue 16):
/// hooks are decided from the checkout on disk meanwhile; the workers, the dashboard and the hosts'
/// list wait for the registration.
/// </summary>
public sealed class RegistrationAfterListeningTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_hook_is_queued_while_the_checkouts_are_still_being_registered_and_the_job_and_the_dashboard_wait_for_the_registration()
    {
        git.Clone("course");
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");
        var listing = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        // Before the change the start itself waited for the listing: it would never return while it is held.
        await using var app = await AppWithGitReload.Start(AppWithGitReload.Keys(git), a => a.MapGitReload(), builder =>
            builder.Services.Replace(ServiceDescriptor.Singleton<ICheckoutCatalog>(s =>
                new HeldCatalog(new LibGit2CheckoutCatalog(s.GetRequiredService<GitCheckoutSettings>()), listing, release.Task))))
            .WaitAsync(TimeSpan.FromSeconds(60));
        await listing.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var answer = await app.Post("/update", AppWithGitReload.Push(pushed));
        var dashboard = app.Get("/dashboard");
        var hosts = app.Get("/hosts");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("job_id", await answer.Content.ReadAsStringAsync());
        // Held by the registration, not by time: the listing cannot end before release.
        Assert.False(dashboard.IsCompleted);
        Assert.False(hosts.IsCompleted);
        Assert.NotEqual(pushed, TempGit.Head(git.CheckoutOf("course")));

        release.SetResult();
        Assert.Contains("<strong>1 checkout</strong>", await (await dashboard).Content.ReadAsStringAsync());
        Assert.Contains("course", await (await hosts).Content.ReadAsStringAsync());
        await AppWithGitReload.Eventually(() => TempGit.Head(git.CheckoutOf("course")) == pushed, "the queued job updated the checkout");
    }

    // The catalog whose listing of REPODIR (the start's registration) waits until the test releases it.
    private sealed class HeldCatalog(ICheckoutCatalog inner, TaskCompletionSource listing, Task release) : ICheckoutCatalog
    {
        public async Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken)
        {
            listing.TrySetResult();
            await release.WaitAsync(cancellationToken);
            return await inner.List(cancellationToken);
        }

        public Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken) => inner.Read(repo, cancellationToken);
    }
}
