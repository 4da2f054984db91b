using System.Collections.Concurrent;
using System.Net;
using GitReload.Adapters.Reporting.Tests;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using GitReload.Tests.Shared;
using LanguageExt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GitReload.AspNetCore.Tests;

/// <summary>Wiring that cannot go wrong silently: a missing port stops the start by name, and reporting does not depend on the order of registrations.</summary>
public sealed class WiringTests : IDisposable
{
    private readonly TempGit git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_port_the_app_removed_stops_the_start_naming_it_and_what_provides_it_before_the_journal_opens()
    {
        var state = Path.Combine(git.Root, "state");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGitReload(o => { o.RepoDir = git.RepoDir; o.StateDir = state; });
        builder.Services.RemoveAll<ICheckouts>();
        builder.Services.RemoveAll<ICourseImporter>();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal(
            "GitReload cannot start: nothing provides ICheckouts (updates the checkouts under REPODIR), ICourseImporter (runs course imports). " +
            "AddGitReload registers each of them: keep its registrations, or register your own after it (services.AddSingleton<IPort>(...)).",
            error.Message);
        Assert.False(Directory.Exists(state));
    }

    [Fact]
    public async Task A_port_the_app_replaced_after_AddGitReload_is_the_one_used()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGitReload(o => { o.RepoDir = git.RepoDir; o.StateDir = Path.Combine(git.Root, "state"); });
        var importer = new NoImports();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICourseImporter>(importer));
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            Assert.Same(importer, host.Services.GetRequiredService<ICourseImporter>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Commit_statuses_reach_the_forge_whether_the_app_adds_its_own_job_listener_before_or_after_AddGitReload(bool listenerFirst)
    {
        git.Clone("course");
        await using var forge = await FakeForge.Start();
        var keys = AppWithGitReload.Keys(git);
        keys["GITHUB_TOKEN"] = "ghp-embedded";
        keys["GITHUB_API_URL"] = forge.Under("api/v3/").ToString();
        var heard = new HeardJobs();
        await using var app = await AppWithGitReload.Start(keys, a => a.MapGitReload("/hooks"), b =>
        {
            if (listenerFirst)
                b.Services.Insert(0, ServiceDescriptor.Singleton<IJobEvents>(heard));
            else
                b.Services.AddSingleton<IJobEvents>(heard);
        });
        var pushed = git.Commit("course", "chapter.xml", "<chapter/>");

        Assert.Equal(HttpStatusCode.OK, (await app.Post("/hooks/update", AppWithGitReload.Push(pushed))).StatusCode);
        await AppWithGitReload.Eventually(() => forge.Calls.Count >= 2, "a pending and a final status");
        await AppWithGitReload.Eventually(() => heard.Events.Any(e => e is JobEvent.Finished), "the app's listener hearing the job finish");

        Assert.All(forge.Calls, c => Assert.Equal($"/api/v3/repos/org/course/statuses/{pushed}", c.Target));
    }

    private sealed class HeardJobs : IJobEvents
    {
        public ConcurrentQueue<JobEvent> Events { get; } = new();

        public Task<Unit> Tell(JobEvent jobEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(jobEvent);
            return Task.FromResult(Unit.Default);
        }
    }

    private sealed class NoImports : ICourseImporter
    {
        public Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken) =>
            throw new NotSupportedException("no import in this test");
    }
}
