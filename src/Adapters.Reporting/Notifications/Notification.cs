using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Notifications;

/// <summary>What a notification says about one finished job, whatever the body's shape.</summary>
internal sealed record Notification(
    JobId Job,
    string Repository,
    Option<string> FullName,
    string Action,
    bool Succeeded,
    Option<string> PushedSha,
    Option<string> ShaBefore,
    Option<string> ShaAfter,
    Option<string> Error,
    Option<string> JobUrl)
{
    public static Option<Notification> For(JobEvent jobEvent, NotifyOn on, Func<JobId, Option<string>> jobUrl) =>
        jobEvent is JobEvent.Finished finished && (on == NotifyOn.All || finished.Outcome is JobOutcome.Failed)
            ? Of(finished, jobUrl(finished.Id))
            : Option<Notification>.None;

    private static Notification Of(JobEvent.Finished f, Option<string> jobUrl) => f.Outcome.Match(
        succeeded: s => new Notification(f.Id, f.Request.Repo.Value, f.Request.Source.Map(r => r.FullName), ActionName(f.Request.Action), true,
            f.Request.After, s.ShaBefore, s.ShaAfter, None, jobUrl),
        failed: x => new Notification(f.Id, f.Request.Repo.Value, f.Request.Source.Map(r => r.FullName), ActionName(f.Request.Action), false,
            f.Request.After, x.ShaBefore, x.ShaAfter, OriginUrl.Redact(x.Failure.Message), jobUrl));

    public string Status => Succeeded ? "succeeded" : "failed";

    public string Headline => $"GitReload {(Action == "import" ? "course import" : Action)} of {FullName.IfNone(Repository)} {Status} (job {Job})";

    private static string ActionName(JobAction action) => action switch { JobAction.CourseImport => "import", JobAction.Rollback => "rollback", _ => "update" };
}
