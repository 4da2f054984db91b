using System.Globalization;
using GitReload.Application.Dashboard;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;
using static GitReload.Adapters.Http.Dashboard.Html;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> as one page: what needs a person first (failed, unusable, behind, running,
/// waiting checkouts, hosts down), a tally of the rest, the queue, the recent jobs, one page of
/// the checkouts (<c>?repo=</c>, <c>?status=</c>, <c>?page=</c>) and the hosts. Its size does not
/// grow with the number of checkouts. Links are relative so the page works under a prefix.
/// </summary>
internal static class DashboardPage
{
    public static string Render(DashboardView view, DateTimeOffset now, string up) => Page(
        $"GitReload: {Count(view.Tally.Total - view.Tally.Of(CheckoutStanding.UpToDate) + view.Refused.Count)} need a look, {view.Queue.Count} in queue",
        $"""
        <h1>GitReload</h1>
        <p class="muted">Reloads every 5 s · {Iso(now)}</p>
        {SummarySection(view)}
        {AttentionSection(view, now, up)}
        {RefusedSection(view.Refused)}
        {QueueSection(view, now, up)}
        {RetriesSection(view.Retries, now, up)}
        {RecentSection(view.Recent, now, up)}
        {CheckoutsSection(view, now, up)}
        {HostsSection(view.Hosts, now)}
        """,
        refresh: true);

    // "2,000 checkouts: 1,987 up to date · 10 failed · ...", each a link to the list filtered so; then the hosts down.
    private static string SummarySection(DashboardView view)
    {
        var tally = view.Tally;
        var parts = tally.ByStanding.Filter(s => s.Count > 0).Map(s =>
            $"""<a href="{Query(DashboardQuery.All with { Status = s.Standing })}">{Count(s.Count)} {Text(Label(s.Standing))}</a>""");
        var down = view.Hosts.Filter(h => !h.Live);
        return $"""
            <section id="summary"><p><strong>{Count(tally.Total)} checkout{(tally.Total == 1 ? "" : "s")}</strong>{(parts.IsEmpty ? "" : ": " + string.Join(" · ", parts))}</p>
            {(down.IsEmpty ? "" : $"""<p class="error">{Count(down.Count)} of {Count(view.Hosts.Count)} hosts down: {string.Join(", ", down.Map(h => Text(h.Id.Value) + (h.LeftAt.IsSome ? " (stopped)" : "")))}</p>""")}
            </section>
            """;
    }

    private static string AttentionSection(DashboardView view, DateTimeOffset now, string up)
    {
        var needing = view.Tally.Total - view.Tally.Of(CheckoutStanding.UpToDate);
        var more = needing - view.Attention.Count;
        var empty = view.Refused.IsEmpty ? "Nothing needs a person." : $"No checkout needs a person; the {Count(view.Refused.Count)} folder(s) below do.";
        return Section("attention", $"Needs a person ({Count(needing)})", CheckoutHeaders,
            view.Attention.Map(row => CheckoutLine(row, view, now, up)), empty,
            more > 0 ? $"""<p class="muted">{Count(more)} more: see the list below, by status.</p>""" : "");
    }

    // Folders meant as checkouts that this host cannot use: they are in no list of checkouts, so they are named here. Nothing when none.
    private static string RefusedSection(Seq<RefusedFolder> refused)
    {
        var shown = refused.Take(ReadDashboard.AttentionRows).ToSeq();
        return refused.IsEmpty
            ? ""
            : Section("refused", $"Folders in REPODIR that cannot be used ({Count(refused.Count)})", ["Folder", "Why"],
                shown.Map(f => Row(("Folder", Text(f.Repo.Value)), ("Why", $"""<span class="error">{Text(f.Reason)}</span>"""))), "",
                refused.Count > shown.Count ? $"""<p class="muted">{Count(refused.Count - shown.Count)} more, as of the last scan of REPODIR.</p>""" : "");
    }

    private static string QueueSection(DashboardView view, DateTimeOffset now, string up)
    {
        var shown = view.Queue.First;
        var more = view.Queue.Count - shown.Count;
        return Section("queue", $"Waiting and running ({Count(view.Queue.Count)})", ["Job", "Status", "Repository", "Action", "Branch", "Pushed", "Merged", "Since"],
            shown.Map(job => QueueRow(job, now, up)), "Nothing waiting or running.",
            more > 0 ? $"""<p class="muted">{Count(more)} more waiting (<a href="{up}queue">all, as JSON</a>).</p>""" : "");
    }

    private static string QueueRow(JobRecord job, DateTimeOffset now, string up) => Row(
        ("Job", JobLink(job.Id, up)),
        ("Status", Status(StatusName(job.Status)) + Hosts(job)),
        ("Repository", Text(job.Request.Repo.Value)),
        ("Action", ActionName(job.Request.Action)),
        ("Branch", Text(job.Request.Branch)),
        ("Pushed", Sha(job.Request.After)),
        ("Merged", job.Merged.ToString(CultureInfo.InvariantCulture)),
        ("Since", Ago(job.StartedAt.IfNone(job.QueuedAt), now)));

    // Failed updates the service will try again by itself; nothing when none waits.
    private static string RetriesSection(Seq<ScheduledRetry> retries, DateTimeOffset now, string up) => retries.IsEmpty
        ? ""
        : Section("retries", $"Retries scheduled ({Count(retries.Count)})", ["Failed job", "Repository", "Action", "Branch", "Retry", "Due"],
            retries.Map(retry => Row(
                ("Failed job", JobLink(retry.FailedJob, up)),
                ("Repository", Text(retry.Request.Repo.Value)),
                ("Action", ActionName(retry.Request.Action)),
                ("Branch", Text(retry.Request.Branch)),
                ("Retry", $"#{Count(retry.Try)}"),
                ("Due", In(retry.DueAt, now)))),
            "");

    // Where a fleet job stands on each host: "2 of 3 hosts done".
    private static string Hosts(JobRecord job) => job.Targets.Count <= 1
        ? ""
        : $" <span class=\"muted\">{job.Targets.Count(t => t.Status is not (TargetStatus.Queued or TargetStatus.Running))} of {job.Targets.Count} hosts done</span>";

    private static string RecentSection(Seq<JobRecord> jobs, DateTimeOffset now, string up) =>
        Section("recent", "Recent jobs", ["Job", "Status", "Repository", "Action", "Queued", "Duration", "SHAs", "Output"],
            jobs.Map(job => RecentRow(job, now, up)), "No job yet.");

    private static string RecentRow(JobRecord job, DateTimeOffset now, string up) => Row(
        ("Job", JobLink(job.Id, up)),
        ("Status", Status(StatusName(job.Status)) + job.Error.Filter(_ => job.Status == JobStatus.Failed).Map(FirstLine).IfNone("")),
        ("Repository", $"{Text(job.Request.Repo.Value)} <span class=\"muted\">{Text(job.Request.Branch)}</span>"),
        ("Action", $"{ActionName(job.Request.Action)} <span class=\"muted\">{TriggerName(job.Trigger)}</span>"),
        ("Queued", Ago(job.QueuedAt, now)),
        ("Duration", Duration(job, now)),
        ("SHAs", job.ShaBefore.IsNone && job.ShaAfter.IsNone ? "—" : $"{Sha(job.ShaBefore)} → {Sha(job.ShaAfter)}"),
        ("Output", $"""<a href="{up}dashboard/jobs/{job.Id}">output</a> · <a href="{up}jobs/{job.Id}">json</a>"""));

    /// <summary>A failed job's error, its first line only, so the reason shows without opening the job.</summary>
    private static string FirstLine(string error)
    {
        var line = OriginUrl.Redact(error).Split('\n', 2)[0].TrimEnd('\r');
        return $"""<div class="error">{Text(line.Length > 200 ? line[..199] + "…" : line)}</div>""";
    }

    // A checkout published atomically: HEAD is the published tree's commit; the trees kept are what a rollback goes back to.
    private static string Published(RegisteredCheckout checkout) => checkout.Publication.Match(
        Some: p => p.Kept.IsEmpty
            ? " published atomically, no tree kept"
            : $" published atomically; kept for rollback: {string.Join(", ", p.Kept.Map(k => Sha(Option<string>.Some(k))))}",
        None: () => "");

    private static string CheckoutsSection(DashboardView view, DateTimeOffset now, string up)
    {
        var page = view.Checkouts;
        var query = page.Query;
        var filtered = query.Repo.IsSome || query.Status.IsSome;
        var title = filtered ? $"Checkouts ({Count(page.Matching)} of {Count(view.Tally.Total)})" : $"Checkouts ({Count(view.Tally.Total)})";
        var empty = view.Tally.Total == 0
            ? "No checkout under REPODIR."
            : "No checkout matches.";
        return Section("checkouts", title, CheckoutHeaders, page.Rows.Map(row => CheckoutLine(row, view, now, up)), empty,
            Pager(page), Filter(query));
    }

    // A GET form (no script): part of a name, a status; "all" clears both.
    private static string Filter(DashboardQuery query) => $"""
        <form method="get" class="filter"><input type="search" name="repo" placeholder="repository" aria-label="repository" value="{Text(query.Repo.IfNone(""))}">
        <select name="status" aria-label="status"><option value="">any status</option>{string.Concat(Enum.GetValues<CheckoutStanding>().Select(s =>
            $"""<option value="{Standing.Name(s)}"{(query.Status.Exists(q => q == s) ? " selected" : "")}>{Text(Label(s))}</option>"""))}</select>
        <button type="submit">Show</button> <a href="?">all</a></form>
        """;

    private static string Pager(CheckoutPage page) => page.Pages <= 1
        ? ""
        : $"""
          <p class="pager">Page {Count(page.Query.Page)} of {Count(page.Pages)}{(page.Query.Page > 1 ? $""" · <a href="{Query(page.Query with { Page = page.Query.Page - 1 })}" rel="prev">previous</a>""" : "")}{(page.Query.Page < page.Pages ? $""" · <a href="{Query(page.Query with { Page = page.Query.Page + 1 })}" rel="next">next</a>""" : "")}</p>
          """;

    /// <summary>A query-only link: it keeps the page's own path, with or without a prefix or a trailing slash.</summary>
    private static string Query(DashboardQuery query)
    {
        var parts = query.Repo.Map(r => "repo=" + Uri.EscapeDataString(r)).ToSeq()
            .Concat(query.Status.Map(s => "status=" + Standing.Name(s)).ToSeq())
            .Concat(query.Page > 1 ? Prelude.Seq1("page=" + query.Page.ToString(CultureInfo.InvariantCulture)) : Seq<string>.Empty);
        return Text("?" + string.Join("&", parts));
    }

    // The checkout columns, in order: a new per-checkout fact is one more entry here (and a field of CheckoutSummary).
    private static readonly (string Header, Func<CheckoutRow, DashboardView, DateTimeOffset, string, string> Cell)[] CheckoutColumns =
    [
        ("Repository", (row, _, _, _) => Text(row.Summary.Checkout.Repo.Value)),
        ("Status", (row, _, _, _) => StandingCell(row.Summary)),
        ("Branch", (row, _, _, _) => row.Summary.Checkout.Branch.Match(Some: Text, None: () => "<em>detached</em>")),
        ("HEAD", (row, _, _, _) => Sha(row.Summary.Checkout.Head) + Published(row.Summary.Checkout)),
        ("Origin", (row, view, now, _) => OriginCell.Render(row.Summary.Checkout, view.Origins, now)),
        ("Fleet", (row, view, _, _) => Convergence(row, view.Hosts.Count)),
        ("Last job", (row, _, now, up) => row.Summary.NewestJob.Match(
            Some: job => $"{JobLink(job.Id, up)} {ActionName(job.Action)} {Status(StatusName(job.Status))} {Ago(job.QueuedAt, now)}",
            None: () => "—")),
    ];

    private static readonly string[] CheckoutHeaders = CheckoutColumns.Select(c => c.Header).ToArray();

    private static string CheckoutLine(CheckoutRow row, DashboardView view, DateTimeOffset now, string up) =>
        Row(CheckoutColumns.Select(c => (c.Header, c.Cell(row, view, now, up))).ToArray());

    private static string StandingCell(CheckoutSummary checkout)
    {
        var standing = checkout.Standing;
        var why = standing switch
        {
            CheckoutStanding.Failed => checkout.NewestJob.Bind(j => j.Error).Map(FirstLine).IfNone(""),
            CheckoutStanding.Unusable => $"""<div class="error">{(checkout.Checkout.State is CheckoutState.Detached ? "HEAD is detached" : "no origin")}: hooks are refused</div>""",
            _ => "",
        };
        return $"""<span class="status {StandingClass(standing)}">{Text(Label(standing))}</span>{why}""";
    }

    // "3 of 3 hosts at 1a2b3c4", or which hosts are elsewhere; nothing for a host alone.
    private static string Convergence(CheckoutRow row, int hosts)
    {
        var checkout = row.Summary.Checkout;
        var holders = row.Peers.Filter(p => p.Checkout.Branch.Exists(b => checkout.Branch.Exists(mine => mine == b)));
        if (hosts <= 1 || holders.IsEmpty) return "—";
        var same = holders.Filter(p => p.Checkout.Head.IfNoneUnsafe((string?)null) == checkout.Head.IfNoneUnsafe((string?)null));
        var elsewhere = holders.Filter(p => p.Checkout.Head.IfNoneUnsafe((string?)null) != checkout.Head.IfNoneUnsafe((string?)null));
        var all = holders.Count + 1;
        return elsewhere.IsEmpty
            ? $"{all} of {all} hosts at {Sha(checkout.Head)}"
            : $"{same.Count + 1} of {all} hosts at {Sha(checkout.Head)}; {string.Join(", ", elsewhere.Map(p => $"{Text(p.Host.Value)} at {Sha(p.Checkout.Head)}"))}";
    }

    private static string HostsSection(Seq<HostSummary> hosts, DateTimeOffset now) => hosts.Count <= 1
        ? ""
        : Section("hosts", $"Hosts ({hosts.Count(h => h.Live)} of {hosts.Count} live)", ["Host", "Status", "Version", "Last seen", "Checkouts"],
            hosts.OrderBy(h => h.Live).ThenBy(h => h.Id.Value, StringComparer.Ordinal).Select(h => Row(
                ("Host", Text(h.Id.Value)),
                ("Status", Status(Fleet.HostStatus.Of(h.Live, h.LeftAt))),
                ("Version", Text(h.Version)),
                ("Last seen", Ago(h.LastSeen, now)),
                ("Checkouts", Count(h.Checkouts)))).ToSeq(),
            "No host registered.");

    private static string Label(CheckoutStanding standing) => standing switch
    {
        CheckoutStanding.UpToDate => "up to date",
        _ => Standing.Name(standing),
    };

    private static string StandingClass(CheckoutStanding standing) => standing switch
    {
        CheckoutStanding.Failed or CheckoutStanding.Unusable or CheckoutStanding.Behind => "failed",
        CheckoutStanding.Running => "running",
        CheckoutStanding.Queued => "queued",
        _ => "succeeded",
    };

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Finished: how long it ran; running: how long so far; waiting: nothing yet.</summary>
    public static string Duration(JobRecord job, DateTimeOffset now) => job.StartedAt.Match(
        Some: started => Span(job.FinishedAt.IfNone(now) - started) + (job.FinishedAt.IsNone ? " so far" : ""),
        None: () => "—");

    public static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();

    public static string ActionName(JobAction action) => action switch { JobAction.CourseImport => "import", JobAction.Rollback => "rollback", _ => "update" };

    public static string TriggerName(JobTrigger trigger) => trigger.ToString().ToLowerInvariant();

    private static string JobLink(JobId id, string up) => $"""<a href="{up}dashboard/jobs/{id}">#{id}</a>""";

    private static string Section(string id, string title, string[] headers, Seq<string> rows, string empty, string after = "", string before = "") => rows.IsEmpty
        ? $"""<section id="{id}"><h2>{Text(title)}</h2>{before}<p class="empty">{Text(empty)}</p>{after}</section>"""
        : $"""
          <section id="{id}"><h2>{Text(title)}</h2>{before}
          <table><thead><tr>{string.Concat(headers.Select(h => $"<th>{Text(h)}</th>"))}</tr></thead>
          <tbody>
          {string.Join("\n", rows)}
          </tbody></table>{after}</section>
          """;

    private static string Row(params (string Label, string Html)[] cells) =>
        $"<tr>{string.Concat(cells.Select(c => $"<td data-label=\"{Text(c.Label)}\">{c.Html}</td>"))}</tr>";
}
