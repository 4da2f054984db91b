using System.Net.Http.Json;
using GitReload.Adapters.Reporting.Notifications;
using GitReload.Adapters.Reporting.Statuses;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Reports;
using LanguageExt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Reporting;

/// <summary>
/// Reads job events one at a time, in order, and posts the commit statuses and the notification
/// each calls for, each call with its own time limit and tries. What cannot be reported is
/// logged once per job and forgotten: reporting never fails or delays a job.
/// </summary>
public sealed partial class JobReporter : BackgroundService
{
    private const int Remembered = 10_000;

    private readonly ChannelJobEvents events;
    private readonly ReportingSettings settings;
    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ILogger<JobReporter> log;
    private readonly Dictionary<Forge, ICommitStatusApi> forges = [];
    private readonly ReportedCommits reported = new();
    private readonly System.Collections.Generic.HashSet<(JobId, string)> complained = [];
    private readonly Queue<(JobId, string)> complainedOrder = new();

    /// <summary>A reporter of the events told to <paramref name="events"/>, posting with <paramref name="http"/>.</summary>
    public JobReporter(ChannelJobEvents events, ReportingSettings settings, HttpClient http, TimeProvider time, ILogger<JobReporter> log)
    {
        (this.events, this.settings, this.http, this.time, this.log) = (events, settings, http, time, log);
        // A Dictionary, not LanguageExt's Map, whose ordering would load every type of LanguageExt.Core.
        var apis = forges;
        foreach (var github in settings.GitHub)
            apis[Forge.GitHub] = new OctokitCommitStatuses(github, settings.CallTimeout);
        foreach (var gitea in settings.Gitea)
            foreach (var url in gitea.ApiUrl)
                apis[Forge.Gitea] = apis[Forge.Forgejo] = new GiteaCommitStatuses(http, url, gitea.Token);
        foreach (var gitlab in settings.GitLab)
            foreach (var url in gitlab.ApiUrl)
                apis[Forge.GitLab] = new GitLabCommitStatuses(http, url, gitlab.Token);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobEvent in events.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await Report(jobEvent, stoppingToken);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
                {
                    // A bug in one report must not end the reporting of every job after it.
                    ReportBroke(log, jobEvent.Id, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not reported yet is not.
        }
    }

    internal async Task Report(JobEvent jobEvent, CancellationToken cancellationToken)
    {
        foreach (var status in CommitStatuses.For(jobEvent))
        {
            if (forges.TryGetValue(status.Repo.Forge, out var api))
            {
                if (!reported.Allows(status))
                {
                    OlderCommit(log, status.State.ToString().ToLowerInvariant(), status.Repo.FullName, status.Sha, status.Context, jobEvent.Id);
                    continue;
                }
                var delivered = await Try(ct => api.Post(status, settings.JobUrl(status.Job), ct), cancellationToken);
                Complain(jobEvent.Id, $"{status.Repo.Forge} commit status", $"{status.Repo.FullName}@{status.Sha} {status.State.ToString().ToLowerInvariant()}", delivered);
            }
        }

        foreach (var notify in settings.Notify)
        {
            foreach (var notification in Notification.For(jobEvent, notify.On, settings.JobUrl))
            {
                var body = NotificationBody.For(notification, notify.Format);
                var delivered = await Try(ct => HttpStatusApi.Post(http, notify.Url, _ => { }, body, ct), cancellationToken);
                Complain(jobEvent.Id, "notification", notify.Url.GetLeftPart(UriPartial.Authority), delivered);
            }
        }
    }

    private async Task<Delivered> Try(Func<CancellationToken, Task<Delivered>> call, CancellationToken cancellationToken)
    {
        var wait = settings.Backoff;
        for (var attempt = 1; ; attempt++)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(settings.CallTimeout);
            Delivered delivered;
            try
            {
                delivered = await call(limit.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                delivered = Delivered.FromException(e);
            }
            if (delivered is not Delivered.Unreachable || attempt >= settings.Tries)
                return delivered;
            await Task.Delay(wait, time, cancellationToken);
            wait *= 2;
        }
    }

    private void Complain(JobId job, string what, string target, Delivered delivered)
    {
        var why = delivered switch
        {
            Delivered.Refused r => $"refused ({r.Why}); check the token and its permissions",
            Delivered.Unreachable u => $"failed after {settings.Tries} tries ({u.Why})",
            _ => null,
        };
        if (why is null || !complained.Add((job, what)))
            return;
        complainedOrder.Enqueue((job, what));
        if (complainedOrder.Count > Remembered)
            complained.Remove(complainedOrder.Dequeue());
        NotReported(log, what, job, OriginUrl.Redact(target), OriginUrl.Redact(why));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {State} status on {Repository}@{Sha} ({Context}) of job {JobId} was not posted: a newer commit was reported since (a redelivered or replayed push of an older commit)")]
    private static partial void OlderCommit(ILogger log, string state, string repository, string sha, string context, JobId jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting job {JobId} failed unexpectedly; later jobs are still reported")]
    private static partial void ReportBroke(ILogger log, JobId jobId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {What} of job {JobId} ({Target}) was not posted: {Why}. Further report failures of this job are not logged")]
    private static partial void NotReported(ILogger log, string what, JobId jobId, string target, string why);
}
