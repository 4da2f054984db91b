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
        {CheckoutsSection(view, now, up)}
        {HostsSection(view.Hosts, now)}
        """,
        refresh: true);

    private static string QueueSection(DashboardView view, DateTimeOffset now, string up) =>
        Section("queue", $"Waiting and running ({view.Queue.Count})", ["Job", "Status", "Repository", "Action", "Branch", "Pushed", "Merged", "Since"],
            view.Queue.Map(job => QueueRow(job, now, up)), "Nothing waiting or running.");

    private static string QueueRow(JobRecord job, DateTimeOffset now, string up) => Row(
        ("Job", JobLink(job.Id, up)),
        ("Status", Status(StatusName(job.Status)) + Hosts(job)),
        ("Repository", Text(job.Request.Repo.Value)),
        ("Action", ActionName(job.Request.Action)),
        ("Branch", Text(job.Request.Branch)),
        ("Pushed", Sha(job.Request.After)),
        ("Merged", job.Merged.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Since", Ago(job.StartedAt.IfNone(job.QueuedAt), now)));

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

    private static string CheckoutsSection(DashboardView view, DateTimeOffset now, string up) =>
        Section("checkouts", $"Checkouts ({view.Checkouts.Count})", ["Repository", "Branch", "HEAD", "Origin", "Fleet", "Last job"],
            view.Checkouts.Map(row => CheckoutLine(row, view, now, up)), "No checkout under REPODIR.");

    private static string CheckoutLine(CheckoutRow row, DashboardView view, DateTimeOffset now, string up) => Row(
        ("Repository", Text(row.Checkout.Repo.Value)),
        ("Branch", row.Checkout.Branch.Match(Some: Text, None: () => "<em>detached</em>")),
        ("HEAD", Sha(row.Checkout.Head)),
        ("Origin", OriginCell.Render(row.Checkout, view.Origins, now)),
        ("Fleet", Convergence(row.Checkout, view.Hosts)),
        ("Last job", row.LastJob.Match(
            Some: job => $"{JobLink(job.Id, up)} {ActionName(job.Request.Action)} {Status(StatusName(job.Status))} {Ago(job.QueuedAt, now)}",
            None: () => "—")));

    // "3 of 3 hosts at 1a2b3c4", or which host lags; nothing for a host alone.
    private static string Convergence(RegisteredCheckout checkout, Seq<FleetHost> hosts)
    {
        var holders = hosts.Choose(h => h.Checkouts.Find(c => c.Repo == checkout.Repo && c.Branch == checkout.Branch).Map(c => (Host: h, Checkout: c)));
        if (holders.Count <= 1) return "—";
        var at = holders.Filter(h => h.Checkout.Head == checkout.Head);
        var lagging = holders.Filter(h => h.Checkout.Head != checkout.Head);
        return lagging.IsEmpty
            ? $"{at.Count} of {holders.Count} hosts at {Sha(checkout.Head)}"
            : $"{at.Count} of {holders.Count} hosts at {Sha(checkout.Head)}; <span class=\"status failed\">behind</span> {string.Join(", ", lagging.Map(l => $"{Text(l.Host.Id.Value)} at {Sha(l.Checkout.Head)}"))}";
    }

    private static string HostsSection(Seq<FleetHost> hosts, DateTimeOffset now) => hosts.Count <= 1
        ? ""
        : Section("hosts", $"Hosts ({hosts.Count(h => h.Live)} of {hosts.Count} live)", ["Host", "Status", "Version", "Last seen", "Checkouts"],
            hosts.Map(h => Row(
                ("Host", Text(h.Id.Value)),
                ("Status", Status(h.Live ? "live" : "down")),
                ("Version", Text(h.Version)),
                ("Last seen", Ago(h.LastSeen, now)),
                ("Checkouts", h.Checkouts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            "No host registered.");

    /// <summary>Finished: how long it ran; running: how long so far; waiting: nothing yet.</summary>
    public static string Duration(JobRecord job, DateTimeOffset now) => job.StartedAt.Match(
        Some: started => Span(job.FinishedAt.IfNone(now) - started) + (job.FinishedAt.IsNone ? " so far" : ""),
        None: () => "—");

    public static string StatusName(JobStatus status) => status.ToString().ToLowerInvariant();

    public static string ActionName(JobAction action) => action == JobAction.GetLatest ? "update" : "import";

    public static string TriggerName(JobTrigger trigger) => trigger.ToString().ToLowerInvariant();

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
