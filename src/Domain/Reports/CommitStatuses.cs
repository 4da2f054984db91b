using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Reports;

/// <summary>
/// Which commit statuses a job event calls for. A job reports on the newest pushed SHA it
/// carries; a request merged into a waiting job marks the SHA it replaced as a success
/// superseded by the new one, so no commit stays pending forever. Jobs asked for by hand, and
/// pushes whose delivery did not name the repository, report nothing.
/// </summary>
public static class CommitStatuses
{
    /// <summary>GitHub's limit on a status description.</summary>
    public const int MaxDescription = 140;

    /// <summary>The statuses to post for <paramref name="jobEvent"/>, in order.</summary>
    public static Seq<CommitStatus> For(JobEvent jobEvent) => jobEvent.Match(
        queued: q => Status(q.Id, q.Request, CommitState.Pending, $"Queued as job {q.Id}"),
        merged: m => SameCommit(m.Replaced, m.Newest)
            ? Seq<CommitStatus>.Empty
            : Status(m.Id, m.Replaced, CommitState.Success, m.Newest.After.Match(
                    Some: sha => $"Superseded by {Sha.Short(sha)}, a newer push that job {m.Id} takes instead",
                    None: () => $"Superseded by a request made by hand, which job {m.Id} takes instead"))
                + Status(m.Id, m.Newest, CommitState.Pending, $"Queued as job {m.Id}"),
        finished: f => f.Outcome.Match(
            succeeded: _ => Status(f.Id, f.Request, CommitState.Success, Succeeded(f)),
            failed: failed => Status(f.Id, f.Request, failed.Failure.Transient ? CommitState.Error : CommitState.Failure, failed.Failure.Message)));

    // Both report the same commit of the same forge repository, or neither reports one (values compared, not Options).
    private static bool SameCommit(JobRequest a, JobRequest b) => a.ReportedCommit().Match(
        Some: x => b.ReportedCommit().Exists(y => y.Repo == x.Repo && y.Sha == x.Sha),
        None: () => b.ReportedCommit().IsNone);

    /// <summary>The check's name on the forge.</summary>
    public static string Context(JobAction action) => action == JobAction.CourseImport ? "gitreload/import" : "gitreload/update";

    /// <summary><paramref name="text"/> as one line of at most <see cref="MaxDescription"/> characters, credentials in URLs hidden.</summary>
    public static string OneLine(string text)
    {
        var line = string.Join(' ', OriginUrl.Redact(text).Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= MaxDescription ? line : line[..(MaxDescription - 1)] + "…";
    }

    private static Seq<CommitStatus> Status(JobId id, JobRequest request, CommitState state, string description) =>
        request.ReportedCommit().Map(c => new CommitStatus(c.Repo, c.Sha, state, Context(request.Action), OneLine(description), id)).ToSeq();

    private static string Succeeded(JobEvent.Finished f) => f.Tally switch
    {
        { Of: 0 } => $"Cancelled: every host it was for was retired from the fleet (job {f.Id})",
        { Of: 1, Superseded: 0 } => $"{Done(f.Request.Action)} (job {f.Id})",
        var t when t.Superseded == t.Of => $"Superseded by a newer job of the same work (job {f.Id})",
        var t when t.Superseded == 0 => $"{Done(f.Request.Action)} on {t.Succeeded} of {t.Of} hosts (job {f.Id})",
        var t => $"{Done(f.Request.Action)} on {t.Succeeded} of {t.Of} hosts, {t.Superseded} superseded by a newer job (job {f.Id})",
    };

    private static string Done(JobAction action) => action == JobAction.CourseImport ? "Course imported" : "Checkout updated";
}
