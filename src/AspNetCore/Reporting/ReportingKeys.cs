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
        var rules = new ValueRules(values);
        var settings = Read(rules);
        return rules.Result(() => settings);
    }

    /// <summary><see cref="Read(SettingValues)"/>, noting each problem with <paramref name="rules"/>.</summary>
    internal static ReportingSettings Read(ValueRules rules)
    {
        Option<string> Given(string key) => rules.Given(key).Map(text => text.Trim());

        // Gitea and GitLab have no API address to fall back on; GitHub's is github's own.
        Option<ForgeAccess> Forge(string tokenKey, string urlKey, bool urlRequired)
        {
            var before = rules.Noted;
            var url = rules.HttpUrl(urlKey);
            // An API URL that is not one is this forge's problem; its token is not looked at then.
            if (rules.Noted > before)
                return None;
            var token = Given(tokenKey);
            if (token.IsSome && url.IsNone && urlRequired)
            {
                rules.Fail(tokenKey, $"{tokenKey} is set but {urlKey} is not; set it to the API's base URL");
                return None;
            }
            return token.Map(t => new ForgeAccess(url, t));
        }

        T Choice<T>(string key, T fallback, string expected) where T : struct, Enum
        {
            var given = Given(key);
            if (given.IsNone)
                return fallback;
            var text = given.IfNone("");
            if (Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _))
                return parsed;
            rules.Fail(key, $"{key} must be {expected}, got '{rules.Raw(key)}'");
            return fallback;
        }

        var on = Choice(NotifyOn, Adapters.Reporting.NotifyOn.Failed, "failed or all");
        var format = Choice(NotifyFormat, Adapters.Reporting.NotifyFormat.Json, "json, slack or teams");
        var publicUrl = rules.HttpUrl(PublicUrl);
        var github = Forge(GitHubToken, GitHubApiUrl, urlRequired: false);
        var gitea = Forge(GiteaToken, GiteaApiUrl, urlRequired: true);
        var gitlab = Forge(GitLabToken, GitLabApiUrl, urlRequired: true);
        var notify = rules.HttpUrl(NotifyWebhookUrl);
        return new ReportingSettings(publicUrl, github, gitea, gitlab, notify.Map(url => new NotifySettings(url, on, format)));
    }
}
