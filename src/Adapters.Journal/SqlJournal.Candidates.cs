using System.Data.Common;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Journal;

// What a claim reads, bounded whatever the backlog: SQL finds each free checkout's first waiting
// target and orders the checkouts as HostQueue.Next does (by when that target could first start,
// then its job), a page at a time; HostQueue.Next decides over the open targets of one page's
// checkouts. It relies on HostQueue.Next deciding per checkout and taking checkouts in that order,
// so the first page with a target to run gives what the whole backlog would, and the pages
// together give the earliest time to look again. Pinned by the journal contract
// (A_burst_over_many_checkouts_is_claimed_in_queue_order_never_two_at_once_for_one_checkout and the
// follow-up and import tests) on both journals.
public sealed partial class SqlJournal
{
    private const int CheckoutsPerPage = 32;

    // The host's waiting targets and the waiting imports it may take, of checkouts not running a target of this host.
    private string Waiting => $"""
        SELECT t.job_id, t.repo_name, t.action, t.host_id FROM targets t
        WHERE t.host_id = @host AND t.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM targets b WHERE b.host_id = @host AND b.repo_name = t.repo_name AND b.status = 'running')
        UNION ALL
        SELECT t.job_id, t.repo_name, t.action, t.host_id FROM targets t JOIN jobs j ON j.job_id = t.job_id
        WHERE t.host_id IS NULL AND t.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM targets b WHERE b.host_id = @host AND b.repo_name = t.repo_name AND b.status = 'running')
          AND NOT EXISTS (SELECT 1 FROM targets r WHERE r.repo_name = t.repo_name AND r.action = 'COURSE_IMPORT' AND r.status = 'running')
          AND ({Dialect.Contains("t.eligible", "@mark")}
               OR EXISTS (SELECT 1 FROM checkouts c WHERE c.host_id = @host AND c.state = 'on_branch' AND c.repo_name = t.repo_name AND COALESCE(c.branch, '') = j.branch))
        """;

    private async Task<NextStep> NextStep(SqlTx tx, HostId host, DateTimeOffset now, FollowUpPolicy policy)
    {
        var lookAgain = Option<DateTimeOffset>.None;
        var after = Option<(DateTimeOffset Since, long Job)>.None;
        while (true)
        {
            var (page, candidates) = await PageOfCheckouts(tx, host, after);
            if (page.Count == 0)
                return new NextStep.Idle(lookAgain);
            var step = HostQueue.Next(candidates.ToSeq(), now, policy);
            if (step is NextStep.Run)
                return step;
            lookAgain = Earliest(lookAgain, ((NextStep.Idle)step).LookAgainAt);
            if (page.Count < CheckoutsPerPage)
                return new NextStep.Idle(lookAgain);
            after = (page[^1].Since, page[^1].Job);
        }
    }

    // One page of the free checkouts with a waiting target, each with its first one, in the order they take turns;
    // and the waiting targets of those checkouts, as HostQueue.Next reads them. Both in one round trip.
    private async Task<(List<(string Repo, long Job, DateTimeOffset Since)> Page, List<OpenTarget> Candidates)> PageOfCheckouts(
        SqlTx tx, HostId host, Option<(DateTimeOffset Since, long Job)> after)
    {
        var (since, job) = after.IfNone((DateTimeOffset.MinValue, 0L));
        var page = $"""
            WITH waiting AS ({Waiting}),
            heads AS (SELECT repo_name, min(job_id) AS job_id FROM waiting GROUP BY repo_name),
            timed AS (
              SELECT h.repo_name, h.job_id, j.queued_at,
                (SELECT max(p.finished_at) FROM targets p WHERE p.host_id = @host AND p.repo_name = h.repo_name AND p.job_id < h.job_id) AS previous_end
              FROM heads h JOIN jobs j ON j.job_id = h.job_id),
            ordered AS (SELECT repo_name, job_id, CASE WHEN previous_end > queued_at THEN previous_end ELSE queued_at END AS since FROM timed)
            SELECT repo_name, job_id, since FROM ordered
            {(after.IsSome ? "WHERE since > @since OR (since = @since AND job_id > @job)" : "")}
            ORDER BY since, job_id
            LIMIT @page
            """;
        (string, object?)[] parameters = [("@host", host.Value), ("@mark", Mark(host)), ("@since", Dialect.Time(since)), ("@job", job), ("@page", CheckoutsPerPage)];
        var checkouts = new List<(string Repo, long Job, DateTimeOffset Since)>();
        var candidates = new List<OpenTarget>();
        await tx.Batch([
            SqlStatement.Rows(page, rows => checkouts.Add((rows.GetString(0), rows.GetInt64(1), Dialect.ReadTime(rows, 2))), parameters),
            SqlStatement.Rows($"""
                SELECT w.job_id, w.repo_name, w.action, w.host_id, j.follow_up, j.last_request_at, j.queued_at,
                  (SELECT max(p.finished_at) FROM targets p WHERE p.host_id = @host AND p.repo_name = w.repo_name AND p.job_id < w.job_id) AS previous_end
                FROM ({Waiting}) w JOIN jobs j ON j.job_id = w.job_id
                WHERE w.repo_name IN (SELECT repo_name FROM ({page}) page)
                ORDER BY w.job_id
                """, rows => candidates.Add(Open(rows)), parameters)]);
        return (checkouts, candidates);

        OpenTarget Open(DbDataReader r)
        {
            var queuedAt = Dialect.ReadTime(r, 6);
            var since = Dialect.ReadOptionalTime(r, 7).Filter(end => end > queuedAt).IfNone(queuedAt);
            return new OpenTarget(
                new JobId(r.GetInt64(0)), RepoName.Parse(r.GetString(1)).Match(n => n, e => throw new InvalidDataException(e.Message)),
                Names.Action(r.GetString(2)), TargetStatus.Queued, Mine: !r.IsDBNull(3),
                FollowUp: Long(r.GetValue(4)) != 0, LastRequest: Dialect.ReadTime(r, 5), Since: since);
        }
    }

    // How an import's eligible hosts name this one (the column holds ",a,b,").
    private static string Mark(HostId host) => $",{host.Value},";

    private static Option<DateTimeOffset> Earliest(Option<DateTimeOffset> a, Option<DateTimeOffset> b) =>
        a.Match(x => b.Match(y => x < y ? x : y, () => x), () => b);
}
