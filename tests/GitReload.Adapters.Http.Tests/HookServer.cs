using System.Net.Http.Headers;
using System.Text;
using GitReload.Tests.Shared;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Http;
using GitReload.Adapters.Http.Admin;
using GitReload.Adapters.Http.Hooks;
using GitReload.Adapters.Http.Queue;
using GitReload.Adapters.Http.Signatures;
using GitReload.Application.Hooks;
using GitReload.Application.Jobs;
using GitReload.Application.Ports;
using GitReload.Application.Queue;
using GitReload.Application.Telemetry;
using GitReload.Domain.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Tests;

/// <summary>
/// The real HTTP pipeline in memory: the route modules, the real use case and LibGit2Sharp checkouts
/// on real repositories. No workers run, so queued jobs stay visible.
/// </summary>
internal sealed class HookServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly TestJournal journal;

    private HookServer(WebApplication app, LogRecorder logs, bool kestrel, TestJournal journal)
    {
        this.app = app;
        this.journal = journal;
        Logs = logs;
        Client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.Single()) } : app.GetTestClient();
        Queue = new QueueView(journal, app.Services.GetRequiredService<JobScheduler>());
    }

    /// <summary>Where a server started on Kestrel listens.</summary>
    public Uri Address => Client.BaseAddress!;

    public HttpClient Client { get; }

    /// <summary>The jobs this host's journal holds, and its scheduler.</summary>
    public QueueView Queue { get; }

    internal sealed class QueueView(TestJournal journal, JobScheduler scheduler)
    {
        /// <summary>The jobs waiting or running, oldest first.</summary>
        public LanguageExt.Seq<JobRecord> Snapshot() => journal.OpenJobs();

        public Task<Claim.Claimed> Next(CancellationToken cancellationToken) => scheduler.Next(cancellationToken);

        public Task<LanguageExt.Either<LanguageExt.Common.Error, LanguageExt.Unit>> Finish(GitReload.Domain.Jobs.JobId job, GitReload.Domain.Jobs.JobOutcome outcome) =>
            scheduler.Finish(job, outcome);
    }

    /// <summary>The in-memory server, to send requests as if from a given address.</summary>
    public Microsoft.AspNetCore.TestHost.TestServer TestServer => app.GetTestServer();

    public LogRecorder Logs { get; }

    /// <summary>Posts <paramref name="body"/> with exactly these headers.</summary>
    public Task<HttpResponseMessage> Send(string route, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return Client.SendAsync(request);
    }

    public static Task<HookServer> Start(string repoDir, long maxPayloadBytes = HttpSettings.GitHubMaxPayloadBytes) =>
        Start(repoDir, new HttpSettings(maxPayloadBytes, HookSecrets.None));

    /// <summary>The same server on real Kestrel on a free loopback port, for what only sockets show.</summary>
    public static Task<HookServer> StartOnKestrel(string repoDir, HttpSettings settings, AdminSettings? admin = null) =>
        Start(repoDir, settings, admin, kestrel: true);

    public static async Task<HookServer> Start(string repoDir, HttpSettings settings, AdminSettings? admin = null, bool kestrel = false, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (kestrel)
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        else
            builder.WebHost.UseTestServer();
        var logs = new LogRecorder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton(admin ?? AdminSettings.Disabled);
        builder.Services.AddSingleton<RequestJob>();
        builder.Services.AddSingleton<ICheckouts>(new LibGit2Checkouts(new GitCheckoutSettings(repoDir)));
        builder.Services.AddSingleton<ICheckoutCatalog>(new LibGit2CheckoutCatalog(new GitCheckoutSettings(repoDir)));
        var journal = new TestJournal();
        builder.Services.AddSingleton(TestJournal.Host);
        builder.Services.AddSingleton<IFleetRegistry>(journal);
        builder.Services.AddSingleton<IJobHistory>(journal);
        builder.Services.AddSingleton(new JobScheduler(journal, NoJobEvents.Instance, TestJournal.Host));
        builder.Services.AddSingleton<IJobQueue>(s => s.GetRequiredService<JobScheduler>());
        builder.Services.AddSingleton<IDeliveryLog>(journal);
        builder.Services.AddSingleton<ReceiveHook>();
        builder.Services.AddSingleton<GitReloadMetrics>();
        builder.Services.AddSingleton<ReadQueue>();
        var app = builder.Build();
        HashSet<JobAction> every = [JobAction.CourseImport, JobAction.GetLatest];
        HooksModule.AddRoutes(app, every);
        QueueModule.AddRoutes(app);
        AdminModule.AddRoutes(app, every);
        await app.StartAsync();
        return new HookServer(app, logs, kestrel, journal);
    }

    public Task<HttpResponseMessage> Post(string route, string? githubEvent, string body, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (githubEvent is not null)
            request.Headers.Add("X-GitHub-Event", githubEvent);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostForm(string route, string githubEvent, string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = new FormUrlEncodedContent([new("payload", payload)]),
        };
        request.Headers.Add("X-GitHub-Event", githubEvent);
        return Client.SendAsync(request);
    }

    /// <summary>Posts <paramref name="body"/> as it is, with <paramref name="headers"/>: the one place a signature will be added.</summary>
    public Task<HttpResponseMessage> Send(string route, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        journal.Dispose();
    }
}
