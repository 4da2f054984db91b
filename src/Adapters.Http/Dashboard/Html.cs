using System.Globalization;
using System.Text.Encodings.Web;
using LanguageExt;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary>The pieces every dashboard page is made of. Text from payloads, checkouts and job output only enters a page through <see cref="Text"/>.</summary>
internal static class Html
{
    /// <summary>Forbids every script, frame and remote load: the pages need none, and a hostile repository name or job output then cannot run anything even if it escaped encoding. Forms (the dashboard's filter) go to GitReload only.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static string Text(string text) => HtmlEncoder.Default.Encode(text);

    public static string ShortSha(string sha) => Domain.Checkouts.Sha.Short(sha);

    /// <summary>A short SHA showing the whole one on hover, or a dash.</summary>
    public static string Sha(Option<string> sha) => sha.Match(
        Some: s => $"""<code title="{Text(s)}">{Text(ShortSha(s))}</code>""",
        None: () => "—");

    public static string Status(string status) => $"""<span class="status {Text(status)}">{Text(status)}</span>""";

    /// <summary>"3 min ago", with the exact UTC time on hover.</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) => Time(time, $"{Span(now - time)} ago");

    /// <summary>"in 3 min", with the exact UTC time on hover; "now" once it has come.</summary>
    public static string In(DateTimeOffset time, DateTimeOffset now) => time <= now ? "now" : Time(time, $"in {Span(time - now)}");

    private static string Time(DateTimeOffset time, string shown) =>
        $"""<time datetime="{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}" title="{Iso(time)}">{shown}</time>""";

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 0 } => "0 s",
        { TotalSeconds: < 10 } => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min {span.Seconds:00} s",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} h {span.Minutes:00} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    /// <summary>A whole page: phone-sized viewport, inline style, and a reload every 5 s when <paramref name="refresh"/>.</summary>
    public static string Page(string title, string body, bool refresh) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{(refresh ? Refresh : "")}}
        <title>{{Text(title)}}</title>
        <style>{{Style}}</style>
        </head>
        <body>
        {{body}}
        <footer class="muted"><small>GitReload {{Text(Application.GitReloadVersion.Text)}}</small></footer>
        </body>
        </html>
        """;

    private const string Refresh = "<meta http-equiv=\"refresh\" content=\"5\">";

    private const string Style = """
        :root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --ok: #15803d; --bad: #b91c1c; --run: #1d4ed8; }
        body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 12px; max-width: 1100px; }
        h1 { font-size: 1.3em; margin: 0 0 4px; } h2 { font-size: 1.1em; margin: 20px 0 6px; }
        .muted, .empty { color: var(--muted); } a { color: inherit; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .85em; color: var(--muted); font-weight: 600; }
        code, pre { font-family: ui-monospace, monospace; font-size: .9em; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line); padding: 8px; border-radius: 4px; }
        .status { font-weight: 600; padding: 1px 7px; border-radius: 9px; border: 1px solid currentColor; font-size: .85em; }
        .error { color: var(--bad); font-size: .85em; margin-top: 3px; overflow-wrap: anywhere; }
        .succeeded { color: var(--ok); } .failed { color: var(--bad); } .running { color: var(--run); } .queued { color: var(--muted); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
        @media (max-width: 640px) {
          thead { display: none; } tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
          td { display: flex; gap: 8px; border: 0; padding: 2px 0; overflow-wrap: anywhere; }
          td::before { content: attr(data-label); color: var(--muted); min-width: 6.5em; font-size: .85em; }
        }
        """;
}
