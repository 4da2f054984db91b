using System.Collections.Frozen;
using System.Text.Json;
using GitReload.AspNetCore.Reconcile;
using GitReload.AspNetCore.Reporting;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using GitReload.Domain.Reconcile;
using LanguageExt;
using static GitReload.AspNetCore.Configuration.SettingKeys;

namespace GitReload.AspNetCore.Configuration;

/// <summary>
/// The rules of the keys that are more than a number or a path, used by <see cref="GitReloadConfig.Parse"/>; each
/// notes its problems with the <see cref="ValueRules"/> it reads with and returns a stand-in that is never used.
/// </summary>
internal static class SettingRules
{
    /// <summary><c>{"name": "secret"}</c> or, during a rotation, <c>{"name": ["new", "old"]}</c>.</summary>
    public static IReadOnlyDictionary<string, Seq<string>> RepoSecrets(ValueRules read)
    {
        var none = FrozenDictionary<string, Seq<string>>.Empty;
        var given = read.Given(SettingKeys.RepoSecrets);
        if (given.IsNone)
            return none;
        var parsed = ValueRules.Entries(given.IfNone(""), v => (Secrets: ValueRules.OneOrMany(v), Wrong: NotSecrets(v)));
        if (parsed.IsNone)
        {
            read.Fail(SettingKeys.RepoSecrets, "REPO_SECRETS must map repository names to a secret or a list of secrets");
            return none;
        }
        var entries = parsed.IfNone([]);
        var wrong = entries.Where(e => e.Value.Wrong.IsSome)
            .Select(e => read.Problem(SettingKeys.RepoSecrets, $"REPO_SECRETS must map repository names to a secret or a list of secrets; for the repository '{e.Key}' it gives {e.Value.Wrong.IfNone("")}"));
        var twice = entries.GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => read.Problem(SettingKeys.RepoSecrets, $"REPO_SECRETS names {g.Key} twice; list its secrets once, as [\"new\", \"old\"] during a rotation"));
        var blank = entries.Where(e => e.Value.Wrong.IsNone && e.Value.Secrets.Any(string.IsNullOrWhiteSpace))
            .Select(e => read.Problem(SettingKeys.RepoSecrets, $"REPO_SECRETS gives the repository '{e.Key}' a secret of only spaces"));
        var problems = wrong.Concat(twice).Concat(blank).ToList();
        if (problems.Count > 0)
        {
            read.Fail(problems);
            return none;
        }
        return entries.ToFrozenDictionary(e => e.Key, e => e.Value.Secrets.Select(s => s!).ToSeq(), StringComparer.Ordinal);
    }

    // What a repository is given instead of a secret or a list of secrets, in words; none when it is one.
    private static Option<string> NotSecrets(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } ? None : Some("an empty secret"),
        JsonValueKind.Array when value.GetArrayLength() == 0 => Some("an empty list"),
        JsonValueKind.Array => value.EnumerateArray().FirstOrDefault(v => v.ValueKind != JsonValueKind.String) is { ValueKind: not JsonValueKind.Undefined } other
            ? Some($"a list holding {ValueRules.Kind(other.ValueKind)}")
            : value.EnumerateArray().Any(v => v.GetString() is not { Length: > 0 }) ? Some("an empty secret") : None,
        var kind => Some(ValueRules.Kind(kind)),
    };

    /// <summary>The forge tokens are read with the reporting keys, where blank means unset; only spaces is a mistake.</summary>
    public static void NoBlankTokens(ValueRules read)
    {
        read.Secret(ReportingKeys.GitHubToken);
        read.Secret(ReportingKeys.GiteaToken);
        read.Secret(ReportingKeys.GitLabToken);
    }

    private static readonly Dictionary<string, JobAction> RouteActions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["update"] = JobAction.GetLatest,
        ["import"] = JobAction.CourseImport,
    };

    /// <summary>One or both of <c>update</c> and <c>import</c>; unset: both.</summary>
    public static IReadOnlySet<JobAction> Routes(ValueRules read)
    {
        var given = read.Given(SettingKeys.Routes);
        if (given.IsNone)
            return RouteActions.Values.ToHashSet();
        var text = given.IfNone("");
        var parsed = ValueRules.Strings(text);
        if (parsed.IsNone)
        {
            read.Fail(SettingKeys.Routes, $"ROUTES must list one or both of update, import, got {text}");
            return FrozenSet<JobAction>.Empty;
        }
        var routes = parsed.IfNone([]);
        if (routes.Count > 0 && routes.All(r => RouteActions.ContainsKey(r ?? "")))
            return routes.Select(r => RouteActions[r!]).ToHashSet();
        read.Fail(SettingKeys.Routes, $"ROUTES must list one or both of update, import, got [{string.Join(", ", routes)}]");
        return FrozenSet<JobAction>.Empty;
    }

    public static Option<Adapters.Postgres.JournalUrl> JournalUrl(ValueRules read) => read.Given(SettingKeys.JournalUrl).Bind(text =>
        Adapters.Postgres.JournalUrl.Parse(text).Match(
            Right: url => Some(url),
            Left: e =>
            {
                read.Fail(SettingKeys.JournalUrl, e.Message);
                return Option<Adapters.Postgres.JournalUrl>.None;
            }));

    /// <summary>The host id; none only when a problem was noted.</summary>
    public static Option<Domain.Fleet.HostId> HostId(ValueRules read)
    {
        var text = read.Given(SettingKeys.HostId).IfNone(Environment.MachineName);
        return Domain.Fleet.HostId.Parse(text).Match(
            Right: id => Some(id),
            Left: e =>
            {
                read.Fail(SettingKeys.HostId, $"{e.Message}, got '{text}'");
                return Option<Domain.Fleet.HostId>.None;
            });
    }

    /// <summary><c>{"*": "atomic", "name": "in-place"}</c>; unset: every checkout in place.</summary>
    public static PublishPolicy Publish(ValueRules read)
    {
        var given = read.Given(SettingKeys.Publish);
        if (given.IsNone)
            return PublishPolicy.InPlace;
        var parsed = ValueRules.Entries(given.IfNone(""), ValueRules.OneOrMany).Filter(entries => entries.All(e => e.Value.Count == 1));
        if (parsed.IsNone)
        {
            read.Fail(SettingKeys.Publish, "PUBLISH must map checkout names, or \"*\", to \"in-place\" or \"atomic\"");
            return PublishPolicy.InPlace;
        }
        return PublishPolicy.Parse(parsed.IfNone([]).Select(e => KeyValuePair.Create(e.Key, e.Value[0]))).Match(
            Right: policy => policy,
            Left: error =>
            {
                read.Fail(error.Message.Split('\n').Select(line => read.Problem(SettingKeys.Publish, line)).ToList());
                return PublishPolicy.InPlace;
            });
    }

    /// <summary>How often origins are asked (0: never), which checkouts are followed, how many origins at once.</summary>
    public static ReconcileLoop.Settings Poll(ValueRules read)
    {
        var seconds = read.Number(PollSeconds, v => v >= 0 && v < 1e8, "a number of seconds, 0 (off) or more");
        var map = PollMapOf(read);
        var concurrency = read.PositiveWhole(PollConcurrency);
        return new ReconcileLoop.Settings(TimeSpan.FromSeconds(seconds), map, concurrency);
    }

    private static PollMap PollMapOf(ValueRules read)
    {
        var given = read.Given(SettingKeys.Poll);
        if (given.IsNone)
            return PollMap.Nothing;
        var parsed = ValueRules.Entries(given.IfNone(""), v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText());
        if (parsed.IsNone)
        {
            read.Fail(SettingKeys.Poll, "POLL must be a JSON object mapping checkout names (or \"*\") to update or import");
            return PollMap.Nothing;
        }
        return PollMap.Parse(parsed.IfNone([])).Match(
            Right: map => map,
            Left: errors =>
            {
                read.Fail(errors.Map(e => read.Problem(SettingKeys.Poll, e.Message)).ToList());
                return PollMap.Nothing;
            });
    }
}
