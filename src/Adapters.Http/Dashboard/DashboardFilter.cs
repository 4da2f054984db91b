using System.Globalization;
using GitReload.Application.Dashboard;
using GitReload.Application.Queries;
using GitReload.Domain.Checkouts;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Http.Dashboard;

/// <summary>The dashboard's query string: <c>repo</c>, <c>status</c> and <c>page</c>; empty values (as the page's form sends them) mean "any".</summary>
internal static class DashboardFilter
{
    private static readonly string[] Names = ["repo", "status", "page"];

    public static Either<BadQuery, DashboardQuery> Parse(IEnumerable<string> keys, string? repo, string? status, string? page)
    {
        if (keys.FirstOrDefault(k => !Names.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            return new BadQuery.UnknownParameter(Shown(unknown), $"Unknown parameter {Shown(unknown)}: the dashboard takes repo, status and page.");
        var part = Optional(repo?.Trim()).Filter(r => r.Length > 0);
        if (part.Exists(r => r.Length > 200))
            return new BadQuery.BadValue("repo", "repo is longer than any repository name (200 characters at most).");
        var standing = Optional(status?.Trim()).Filter(s => s.Length > 0);
        var parsed = standing.Map(s => Standing.Parse(s.ToLowerInvariant()));
        if (parsed.Exists(p => p.IsNone))
            return new BadQuery.BadValue("status", $"status {Shown(standing.IfNone(""))} is none of {string.Join(", ", Enum.GetValues<CheckoutStanding>().Select(Standing.Name))}.");
        var number = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
            return new BadQuery.BadValue("page", $"page {Shown(page)} is not a whole number from 1.");
        return new DashboardQuery(part, parsed.Bind(p => p), number);
    }

    private static string Shown(string text) => ShownText.Of(text, 64);
}
