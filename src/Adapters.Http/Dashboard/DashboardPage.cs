using GitReload.Application.Dashboard;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using LanguageExt;
using static GitReload.Adapters.Http.Dashboard.Html;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary><c>GET /dashboard</c>: the queue, recent jobs and checkouts, as one page. Links are relative so the page works under a prefix.</summary>
internal static class DashboardPage
{
    public static string Render(DashboardView view, DateTimeOffset now, string up) => Page(
        $"GitReload: {view.Queue.Count} in queue",
        $"""
        <h1>GitReload</h1>
        <p class="muted">Reloads every 5 s · {Iso(now)}</p>
        {QueueSection(view, now, up)}
        {RecentSection(view.Recent, now, up)}
        {CheckoutsSection(view.Checkouts, now, up)}
        """,
        refresh: true);

    private static string QueueSection(DashboardView view, DateTimeOffset now, string up) =>
        Section("queue", $"Waiting and running ({view.Queue.Count})", ["Job", "Status", "Repository", "Action", "Branch", "Pushed", "Merged", "Since"],
            view.Queue.Map(job => QueueRow(job, view.Recent.Find(r => r.Id == job.Id), now, up)), "Nothing waiting or running.");

    private static string QueueRow(BoardJob job, Option<JobRecord> record, DateTimeOffset now, string up) => Row(
        ("Job", JobLink(job.Id, up)),
        ("Status", Status(job.Running ? "running" : "queued")),
        ("Repository", Text(job.Request.Repo.Value)),
        ("Action", ActionName(job.Request.Action)),
        ("Branch", Text(job.Request.Branch)),
        ("Pushed", Sha(job.Request.After)),
        ("Merged", job.Merged.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Since", record.Map(r => Ago(r.StartedAt.IfNone(r.QueuedAt), now)).IfNone("—")));

    private static string RecentSection(Seq<JobRecord> jobs, DateTimeOffset now, string up) =>
        Section("recent", "Recent jobs", ["Job", "Status", "Repository", "Action", "Queued", "Duration", "SHAs", "Output"],
            jobs.Map(job => RecentRow(job, now, up)), "No job yet.");

    private static string RecentRow(JobRecord job, DateTimeOffset now, string up) => Row(
        ("Job", JobLink(job.Id, up)),
        ("Status", Status(StatusName(job.Status)) + job.Error.Filter(_ => job.Status == JobStatus.Failed).Map(FirstLine).IfNone("")),
        ("Repository", $"{Text(job.Request.Repo.Value)} <span class=\"muted\">{Text(job.Request.Branch)}</span>"),
        ("Action", ActionName(job.Request.Action)),
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

    private static string CheckoutsSection(Seq<CheckoutRow> checkouts, DateTimeOffset now, string up) =>
        Section("checkouts", $"Checkouts ({checkouts.Count})", ["Repository", "Branch", "HEAD", "Last job"],
            checkouts.Map(row => CheckoutLine(row, now, up)), "No checkout under REPODIR.");

    private static string CheckoutLine(CheckoutRow row, DateTimeOffset now, string up) => Row(
        ("Repository", Text(row.Checkout.Repo.Value)),
        ("Branch", row.Checkout.Branch.Match(Some: Text, None: () => "<em>detached</em>")),
        ("HEAD", Sha(row.Checkout.Head)),
        ("Last job", row.LastJob.Match(
            Some: job => $"{JobLink(job.Id, up)} {ActionName(job.Request.Action)} {Status(StatusName(job.Status))} {Ago(job.QueuedAt, now)}",
            None: () => "—")));

    /// <summary>Finished: how long it ran; running: how long so far; waiting: nothing yet.</summary>
    public static string Duration(JobRecord job, DateTimeOffset now) => job.StartedAt.Match(
        Some: started => Span(job.FinishedAt.IfNone(now) - started) + (job.FinishedAt.IsNone ? " so far" : ""),
        None: () => "—");

    public static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();

    public static string ActionName(JobAction action) => action == JobAction.GetLatest ? "update" : "import";

    private static string JobLink(JobId id, string up) => $"""<a href="{up}dashboard/jobs/{id}">#{id}</a>""";

    private static string Section(string id, string title, string[] headers, Seq<string> rows, string empty) => rows.IsEmpty
        ? $"""<section id="{id}"><h2>{Text(title)}</h2><p class="empty">{Text(empty)}</p></section>"""
        : $"""
          <section id="{id}"><h2>{Text(title)}</h2>
          <table><thead><tr>{string.Concat(headers.Select(h => $"<th>{Text(h)}</th>"))}</tr></thead>
          <tbody>
          {string.Join("\n", rows)}
          </tbody></table></section>
          """;

    private static string Row(params (string Label, string Html)[] cells) =>
        $"<tr>{string.Concat(cells.Select(c => $"<td data-label=\"{Text(c.Label)}\">{c.Html}</td>"))}</tr>";
}
