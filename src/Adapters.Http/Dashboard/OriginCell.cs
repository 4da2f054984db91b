using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using LanguageExt;
using static GitReload.Adapters.Http.Dashboard.Html;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary>
/// The drift of one checkout, as the reconcile loop last heard it from origin: origin's commit and when
/// it was asked; "behind origin" when the checkout's HEAD is not that commit; "origin unreachable since …"
/// with the error while asking fails; a dash for a checkout whose origin is not asked.
/// </summary>
internal static class OriginCell
{
    public static string Render(RegisteredCheckout checkout, Seq<OriginSeen> origins, DateTimeOffset now) =>
        checkout.Branch.Bind(branch => origins.Find(o => o.Repo == checkout.Repo && o.Branch == branch)).Match(
            None: () => "—",
            Some: seen => seen.UnreachableSince.Match(
                Some: since => $"""<span class="status failed">origin unreachable</span> since {Ago(since, now)}{Known(seen)}<div class="error">{Text(FirstLine(seen.Error.IfNone("")))}</div>""",
                None: () => seen.Commit.Match(
                    Some: commit => (checkout.Head.Exists(head => head == commit) ? "" : """<span class="status failed">behind origin</span> """)
                        + $"""{Sha(commit)} <span class="muted">asked {Ago(seen.AskedAt, now)}</span>""",
                    None: () => $"""<span class="status failed">no branch {Text(seen.Branch)} on origin</span> <span class="muted">asked {Ago(seen.AskedAt, now)}</span>""")));

    // While origin cannot be asked, what it said last is all there is: shown, but not as a verdict.
    private static string Known(OriginSeen seen) => seen.Commit.Match(
        Some: commit => $""" <span class="muted">(last known {Sha(commit)})</span>""",
        None: () => "");

    private static string FirstLine(string error)
    {
        var line = OriginUrl.Redact(error).Split('\n', 2)[0].TrimEnd('\r');
        return line.Length > 200 ? line[..199] + "…" : line;
    }
}
