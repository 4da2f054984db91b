using GitReload.Adapters.Reporting;
using LanguageExt;
using Microsoft.Extensions.Configuration;

namespace GitReload.Host.Configuration;

/// <summary>Reads the reporting keys: forge tokens and API URLs, <c>PUBLIC_URL</c> and the notification webhook.</summary>
internal static class ReportingConfig
{
    public static ReportingSettings Read(IConfigurationRoot root, List<string> problems, Func<string, string> where)
    {
        Option<Uri> Url(string key)
        {
            var text = root[key];
            if (string.IsNullOrWhiteSpace(text))
                return None;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                return uri;
            problems.Add($"{where(key)}: {key} must be an http(s) URL, got '{text}'");
            return None;
        }

        Option<ForgeAccess> Forge(string tokenKey, string urlKey, bool urlRequired)
        {
            var url = Url(urlKey);
            var token = string.IsNullOrWhiteSpace(root[tokenKey]) ? Option<string>.None : root[tokenKey]!.Trim();
            if (token.IsSome && url.IsNone && urlRequired && string.IsNullOrWhiteSpace(root[urlKey]))
                problems.Add($"{where(tokenKey)}: {tokenKey} is set but {urlKey} is not; set it to the API's base URL");
            return token.Map(t => new ForgeAccess(url, t));
        }

        T Choice<T>(string key, T fallback, string expected) where T : struct, Enum
        {
            var text = root[key];
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
                return value;
            problems.Add($"{where(key)}: {key} must be {expected}, got '{text}'");
            return fallback;
        }

        var on = Choice(Keys.NotifyOn, NotifyOn.Failed, "failed or all");
        var format = Choice(Keys.NotifyFormat, NotifyFormat.Json, "json, slack or teams");
        return new ReportingSettings(
            Url(Keys.PublicUrl),
            Forge(Keys.GitHubToken, Keys.GitHubApiUrl, urlRequired: false),
            Forge(Keys.GiteaToken, Keys.GiteaApiUrl, urlRequired: true),
            Forge(Keys.GitLabToken, Keys.GitLabApiUrl, urlRequired: true),
            Url(Keys.NotifyWebhookUrl).Map(url => new NotifySettings(url, on, format)));
    }
}
