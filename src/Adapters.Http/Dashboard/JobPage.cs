using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Jobs;
using static GitReload.Adapters.Http.Dashboard.Html;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary><c>GET /dashboard/jobs/{id}</c>: one job and its output, readable; it reloads itself until the job ends.</summary>
internal static class JobPage
{
    public static string Render(JobRecord job, DateTimeOffset now, string up)
    {
        var status = DashboardPage.StatusName(job.Status);
        var finished = JobProgress.IsDone(job.Status);
        return Page(
            $"#{job.Id} {job.Request.Repo.Value} {status}",
            $"""
            <p><a href="{up}dashboard">← dashboard</a> · <a href="{up}jobs/{job.Id}">json</a></p>
            <h1>Job #{job.Id}: {DashboardPage.ActionName(job.Request.Action)} {Text(job.Request.Repo.Value)} {Status(status)}</h1>
            {Details(job, now)}
            {Targets(job, now)}
            {job.Error.Match(Some: e => $"<h2>Error</h2>\n<pre id=\"error\">{Text(OriginUrl.Redact(e))}</pre>", None: () => "")}
            <h2>Output</h2>
            {(job.Output.Length == 0 ? "<p class=\"empty\">No output.</p>" : $"<pre id=\"output\">{Text(OriginUrl.Redact(job.Output))}</pre>")}
            """,
            refresh: !finished);
    }

    private static string Details(JobRecord job, DateTimeOffset now) => $"""
        <dl>
        <dt>Repository</dt><dd>{Text(job.Request.Repo.Value)}</dd>
        <dt>Origin</dt><dd>{Text(OriginUrl.Redact(job.Request.RepoUrl))}</dd>
        <dt>Branch</dt><dd>{Text(job.Request.Branch)}</dd>
        <dt>Pushed</dt><dd><code>{Text(job.Request.After.IfNone(""))}</code></dd>
        <dt>Queued</dt><dd>{Ago(job.QueuedAt, now)}</dd>
        <dt>Duration</dt><dd>{DashboardPage.Duration(job, now)}</dd>
        <dt>Started by</dt><dd>{Text(job.Trigger.ToString().ToLowerInvariant())}</dd>
        <dt>Attempts</dt><dd>{job.Attempts}</dd>
        <dt>Merged</dt><dd>{job.Merged}</dd>
        <dt>Before</dt><dd><code>{Text(job.ShaBefore.IfNone("—"))}</code></dd>
        <dt>After</dt><dd><code>{Text(job.ShaAfter.IfNone("—"))}</code></dd>
        </dl>
        """;

    // Each host's part, when the job is for more than one host or a host gave up a try (each such try on a row of its own, before the target's).
    private static string Targets(JobRecord job, DateTimeOffset now) => job.Targets.Count <= 1 && job.Targets.ForAll(t => t.Abandoned.IsEmpty)
        ? ""
        : $"""
          <h2>Hosts</h2>
          <table><thead><tr><th>Host</th><th>Status</th><th>Attempts</th><th>Before → after</th><th>Error</th></tr></thead><tbody>
          {string.Join("\n", job.Targets.Bind(t => t.Abandoned).Map(a => $"<tr><td>{Text(a.Host.Value)}</td><td>{Status("abandoned")}</td><td>{a.Attempts}</td><td>started {Ago(a.StartedAt, now)}, given up {Ago(a.EndedAt, now)}</td><td>{Text(a.Why)}</td></tr>"))}
          {string.Join("\n", job.Targets.Map(t => $"<tr><td>{Text(t.Host.Map(h => h.Value).IfNone("any host"))}</td><td>{Status(t.Status.ToString().ToLowerInvariant())}</td><td>{t.Attempts}</td><td>{Sha(t.ShaBefore)} → {Sha(t.ShaAfter)}</td><td>{Text(OriginUrl.Redact(t.Error.IfNone("")))}</td></tr>"))}
          </tbody></table>
          """;

    public static string Unavailable(string why) => Page(
        "Job journal unavailable",
        $"""<h1>The job journal cannot be read now</h1><p>{Text(why)}</p>""",
        refresh: true);

    public static string BadQuery(string problem, string up) => Page(
        "Bad dashboard query",
        $"""<p><a href="{up}dashboard">← dashboard</a></p><h1>This list cannot be shown</h1><p>{Text(problem)}</p>""",
        refresh: false);

    public static string Missing(string id, string up) => Page(
        "No such job",
        $"""<p><a href="{up}dashboard">← dashboard</a></p><h1>No such job</h1><p>The journal holds no job #{Text(id)}.</p>""",
        refresh: false);
}
