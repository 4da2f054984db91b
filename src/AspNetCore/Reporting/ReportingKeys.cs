using GitReload.Adapters.Reporting;
using GitReload.AspNetCore.Configuration;
using LanguageExt;

namespace GitReload.AspNetCore.Reporting;

/// <summary>
/// The reporting keys (forge tokens and API URLs, <c>PUBLIC_URL</c>, the notification webhook) and the one
/// set of rules they are read by, whether they come from the gitreload host's configuration or from an
/// embedder's <see cref="GitReloadOptions"/>.
/// </summary>
public static class ReportingKeys
{
    /// <summary>The service's address as people reach it; reports link to <c>PUBLIC_URL/jobs/{id}</c>.</summary>
    public const string PublicUrl = "PUBLIC_URL";
    /// <summary>A GitHub token allowed to post commit statuses (secret).</summary>
    public const string GitHubToken = "GITHUB_TOKEN";
    /// <summary>A GitHub Enterprise API; unset for github's own.</summary>
    public const string GitHubApiUrl = "GITHUB_API_URL";
    /// <summary>A Gitea or Forgejo token (secret); needs <see cref="GiteaApiUrl"/>.</summary>
    public const string GiteaToken = "GITEA_TOKEN";
    /// <summary>The Gitea or Forgejo API, <c>https://host/api/v1</c>.</summary>
    public const string GiteaApiUrl = "GITEA_API_URL";
    /// <summary>A GitLab token (secret); needs <see cref="GitLabApiUrl"/>.</summary>
    public const string GitLabToken = "GITLAB_TOKEN";
    /// <summary>The GitLab API, <c>https://host/api/v4</c>.</summary>
    public const string GitLabApiUrl = "GITLAB_API_URL";
    /// <summary>The webhook that gets a POST per notified job (secret: whoever has it can post).</summary>
    public const string NotifyWebhookUrl = "NOTIFY_WEBHOOK_URL";
    /// <summary><c>failed</c> (default) or <c>all</c>.</summary>
    public const string NotifyOn = "NOTIFY_ON";
    /// <summary><c>json</c> (default), <c>slack</c> or <c>teams</c>.</summary>
    public const string NotifyFormat = "NOTIFY_FORMAT";

    /// <summary>Where reports go, from the value of each key (blank = unset); or every problem, one per key, naming its source.</summary>
    public static Validation<ConfigProblem, ReportingSettings> Read(SettingValues values)
    {
        string Raw(string key) => values.Text(key).IfNone("");
        Option<string> Given(string key) => values.Text(key).Filter(text => !string.IsNullOrWhiteSpace(text)).Map(text => text.Trim());
        ConfigProblem Problem(string key, string message) => new(key, values.SourceOf(key), message);

        var rules = new ValueRules(values);
        Validation<ConfigProblem, Option<Uri>> Url(string key) => rules.HttpUrl(key);

        // Gitea and GitLab have no API address to fall back on; GitHub's is github's own.
        Validation<ConfigProblem, Option<ForgeAccess>> Forge(string tokenKey, string urlKey, bool urlRequired) =>
            Url(urlKey).Bind(url => Given(tokenKey).Match(
                Some: token => url.IsNone && urlRequired
                    ? Fail<ConfigProblem, Option<ForgeAccess>>(Problem(tokenKey, $"{tokenKey} is set but {urlKey} is not; set it to the API's base URL"))
                    : Success<ConfigProblem, Option<ForgeAccess>>(Some(new ForgeAccess(url, token))),
                None: () => Success<ConfigProblem, Option<ForgeAccess>>(None)));

        Validation<ConfigProblem, T> Choice<T>(string key, T fallback, string expected) where T : struct, Enum => Given(key).Match(
            Some: text => Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
                ? Success<ConfigProblem, T>(parsed)
                : Fail<ConfigProblem, T>(Problem(key, $"{key} must be {expected}, got '{Raw(key)}'")),
            None: () => Success<ConfigProblem, T>(fallback));

        return (Choice(NotifyOn, Adapters.Reporting.NotifyOn.Failed, "failed or all"), Choice(NotifyFormat, Adapters.Reporting.NotifyFormat.Json, "json, slack or teams"),
                Url(PublicUrl), Forge(GitHubToken, GitHubApiUrl, urlRequired: false), Forge(GiteaToken, GiteaApiUrl, urlRequired: true),
                Forge(GitLabToken, GitLabApiUrl, urlRequired: true), Url(NotifyWebhookUrl))
            .Apply((on, format, publicUrl, github, gitea, gitlab, notify) =>
                new ReportingSettings(publicUrl, github, gitea, gitlab, notify.Map(url => new NotifySettings(url, on, format))));
    }
}
