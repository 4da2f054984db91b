using GitReload.AspNetCore.Reporting;
using Microsoft.Extensions.Configuration;

namespace GitReload.AspNetCore;

// The reporting keys: commit statuses and notifications, off unless a token or NOTIFY_WEBHOOK_URL is set.
// Plain strings, so that any value binds and every problem is told by the rules of ReportingKeys.
public sealed partial class GitReloadOptions
{
    /// <summary>The service's address as people reach it; statuses and notifications link to <c>PUBLIC_URL/jobs/{id}</c>.</summary>
    [ConfigurationKeyName(ReportingKeys.PublicUrl)]
    public string? PublicUrl { get; set; }

    /// <summary>Posts commit statuses on GitHub pushes (secret).</summary>
    [ConfigurationKeyName(ReportingKeys.GitHubToken)]
    public string? GitHubToken { get; set; }

    /// <summary>A GitHub Enterprise API, e.g. <c>https://github.example.edu/api/v3</c>; unset for github's own.</summary>
    [ConfigurationKeyName(ReportingKeys.GitHubApiUrl)]
    public string? GitHubApiUrl { get; set; }

    /// <summary>Posts commit statuses on Gitea and Forgejo pushes (secret); needs <see cref="GiteaApiUrl"/>.</summary>
    [ConfigurationKeyName(ReportingKeys.GiteaToken)]
    public string? GiteaToken { get; set; }

    /// <summary>The Gitea or Forgejo API, e.g. <c>https://gitea.example.edu/api/v1</c>.</summary>
    [ConfigurationKeyName(ReportingKeys.GiteaApiUrl)]
    public string? GiteaApiUrl { get; set; }

    /// <summary>Posts commit statuses on GitLab pushes (secret); needs <see cref="GitLabApiUrl"/>.</summary>
    [ConfigurationKeyName(ReportingKeys.GitLabToken)]
    public string? GitLabToken { get; set; }

    /// <summary>The GitLab API, e.g. <c>https://gitlab.example.edu/api/v4</c>.</summary>
    [ConfigurationKeyName(ReportingKeys.GitLabApiUrl)]
    public string? GitLabApiUrl { get; set; }

    /// <summary>Gets a POST per failed job (every finished one with <see cref="NotifyOn"/> <c>all</c>); a secret.</summary>
    [ConfigurationKeyName(ReportingKeys.NotifyWebhookUrl)]
    public string? NotifyWebhookUrl { get; set; }

    /// <summary><c>failed</c> (default) or <c>all</c>.</summary>
    [ConfigurationKeyName(ReportingKeys.NotifyOn)]
    public string? NotifyOn { get; set; }

    /// <summary><c>json</c> (default), <c>slack</c> or <c>teams</c>.</summary>
    [ConfigurationKeyName(ReportingKeys.NotifyFormat)]
    public string? NotifyFormat { get; set; }
}
