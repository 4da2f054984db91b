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

/// <summary>The rules of the keys that are more than a number or a path, used by <see cref="GitReloadConfig.Parse"/>.</summary>
internal static class SettingRules
{
    /// <summary><c>{"name": "secret"}</c> or, during a rotation, <c>{"name": ["new", "old"]}</c>.</summary>
    public static Validation<ConfigProblem, IReadOnlyDictionary<string, Seq<string>>> RepoSecrets(ValueRules read)
    {
        var none = Success<ConfigProblem, IReadOnlyDictionary<string, Seq<string>>>(FrozenDictionary<string, Seq<string>>.Empty);
        return read.Given(SettingKeys.RepoSecrets).Match(None: () => none, Some: text =>
            ValueRules.Entries(text, ValueRules.OneOrMany)
                .Filter(entries => !entries.Exists(e => e.Value.Count == 0 || e.Value.Any(string.IsNullOrEmpty)))
                .Match(
                    None: () => read.Fail<IReadOnlyDictionary<string, Seq<string>>>(SettingKeys.RepoSecrets, "REPO_SECRETS must map repository names to a secret or a list of secrets"),
                    Some: entries =>
                    {
                        var twice = entries.GroupBy(e => e.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
                            .Select(g => read.Problem(SettingKeys.RepoSecrets, $"REPO_SECRETS names {g.Key} twice; list its secrets once, as [\"new\", \"old\"] during a rotation"));
                        var blank = entries.Where(e => e.Value.Any(string.IsNullOrWhiteSpace))
                            .Select(e => read.Problem(SettingKeys.RepoSecrets, $"REPO_SECRETS gives {e.Key} a secret of only spaces"));
                        var problems = twice.Concat(blank).ToSeq();
                        return problems.IsEmpty
                            ? Success<ConfigProblem, IReadOnlyDictionary<string, Seq<string>>>(
                                entries.ToFrozenDictionary(e => e.Key, e => e.Value.Select(s => s!).ToSeq(), StringComparer.Ordinal))
                            : Fail<ConfigProblem, IReadOnlyDictionary<string, Seq<string>>>(problems);
                    }));
    }

    /// <summary>The forge tokens are read with the reporting keys, where blank means unset; only spaces is a mistake.</summary>
    public static Validation<ConfigProblem, Unit> NoBlankTokens(ValueRules read) =>
        (read.Secret(ReportingKeys.GitHubToken), read.Secret(ReportingKeys.GiteaToken), read.Secret(ReportingKeys.GitLabToken)).Apply((_, _, _) => unit);

    private static readonly Dictionary<string, JobAction> RouteActions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["update"] = JobAction.GetLatest,
        ["import"] = JobAction.CourseImport,
    };

    /// <summary>One or both of <c>update</c> and <c>import</c>; unset: both.</summary>
    public static Validation<ConfigProblem, IReadOnlySet<JobAction>> Routes(ValueRules read) => read.Given(SettingKeys.Routes).Match(
        None: () => Success<ConfigProblem, IReadOnlySet<JobAction>>(RouteActions.Values.ToHashSet()),
        Some: text => ValueRules.Strings(text).Match(
            Some: routes => routes.Count > 0 && routes.All(r => RouteActions.ContainsKey(r ?? ""))
                ? Success<ConfigProblem, IReadOnlySet<JobAction>>(routes.Select(r => RouteActions[r!]).ToHashSet())
                : read.Fail<IReadOnlySet<JobAction>>(SettingKeys.Routes, $"ROUTES must list one or both of update, import, got [{string.Join(", ", routes)}]"),
            None: () => read.Fail<IReadOnlySet<JobAction>>(SettingKeys.Routes, $"ROUTES must list one or both of update, import, got {text}")));

    public static Validation<ConfigProblem, Option<Adapters.Postgres.JournalUrl>> JournalUrl(ValueRules read) => read.Given(SettingKeys.JournalUrl).Match(
        None: () => Success<ConfigProblem, Option<Adapters.Postgres.JournalUrl>>(None),
        Some: text => Adapters.Postgres.JournalUrl.Parse(text).Match(
            Right: url => Success<ConfigProblem, Option<Adapters.Postgres.JournalUrl>>(Some(url)),
            Left: e => read.Fail<Option<Adapters.Postgres.JournalUrl>>(SettingKeys.JournalUrl, e.Message)));

    public static Validation<ConfigProblem, Domain.Fleet.HostId> HostId(ValueRules read)
    {
        var text = read.Given(SettingKeys.HostId).IfNone(Environment.MachineName);
        return Domain.Fleet.HostId.Parse(text).Match(
            Right: id => Success<ConfigProblem, Domain.Fleet.HostId>(id),
            Left: e => read.Fail<Domain.Fleet.HostId>(SettingKeys.HostId, $"{e.Message}, got '{text}'"));
    }

    /// <summary><c>{"*": "atomic", "name": "in-place"}</c>; unset: every checkout in place.</summary>
    public static Validation<ConfigProblem, PublishPolicy> Publish(ValueRules read) => read.Given(SettingKeys.Publish).Match(
        None: () => Success<ConfigProblem, PublishPolicy>(PublishPolicy.InPlace),
        Some: text => ValueRules.Entries(text, ValueRules.OneOrMany).Filter(entries => entries.All(e => e.Value.Count == 1)).Match(
            None: () => read.Fail<PublishPolicy>(SettingKeys.Publish, "PUBLISH must map checkout names, or \"*\", to \"in-place\" or \"atomic\""),
            Some: entries => PublishPolicy.Parse(entries.Select(e => KeyValuePair.Create(e.Key, e.Value[0]))).Match(
                Right: policy => Success<ConfigProblem, PublishPolicy>(policy),
                Left: error => Fail<ConfigProblem, PublishPolicy>(error.Message.Split('\n').Map(line => read.Problem(SettingKeys.Publish, line)).ToSeq()))));

    /// <summary>How often origins are asked (0: never), which checkouts are followed, how many origins at once.</summary>
    public static Validation<ConfigProblem, ReconcileLoop.Settings> Poll(ValueRules read) =>
        (read.Number(PollSeconds, v => v >= 0 && v < 1e8, "a number of seconds, 0 (off) or more"), PollMapOf(read), read.PositiveWhole(PollConcurrency))
            .Apply((seconds, map, concurrency) => new ReconcileLoop.Settings(TimeSpan.FromSeconds(seconds), map, concurrency));

    private static Validation<ConfigProblem, PollMap> PollMapOf(ValueRules read) => read.Given(SettingKeys.Poll).Match(
        None: () => Success<ConfigProblem, PollMap>(PollMap.Nothing),
        Some: text => ValueRules.Entries(text, v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).Match(
            None: () => read.Fail<PollMap>(SettingKeys.Poll, "POLL must be a JSON object mapping checkout names (or \"*\") to update or import"),
            Some: entries => PollMap.Parse(entries).Match(
                Right: map => Success<ConfigProblem, PollMap>(map),
                Left: errors => Fail<ConfigProblem, PollMap>(errors.Map(e => read.Problem(SettingKeys.Poll, e.Message))))));
}
