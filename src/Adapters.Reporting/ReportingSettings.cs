using LanguageExt;

namespace GitReload.Adapters.Reporting;

/// <summary>Where job reports go. Each part is optional; with none set, nothing is reported.</summary>
/// <param name="PublicUrl">The service's address as people reach it; job links are <c>PublicUrl/jobs/{id}</c>.</param>
/// <param name="GitHub">GitHub or GitHub Enterprise: API URL (none = github's own) and token.</param>
/// <param name="Gitea">Gitea or Forgejo: API URL (<c>https://host/api/v1</c>) and token.</param>
/// <param name="GitLab">GitLab: API URL (<c>https://host/api/v4</c>) and token.</param>
/// <param name="Notify">The chat or webhook that hears about finished jobs.</param>
public sealed record ReportingSettings(
    Option<Uri> PublicUrl,
    Option<ForgeAccess> GitHub,
    Option<ForgeAccess> Gitea,
    Option<ForgeAccess> GitLab,
    Option<NotifySettings> Notify)
{
    /// <summary>Reports nothing.</summary>
    public static ReportingSettings Off { get; } = new(None, None, None, None, None);

    /// <summary>Tries per report (a refusal such as 401, 404 or 422 is never tried again).</summary>
    public int Tries { get; init; } = 3;

    /// <summary>Wait before the second try; doubled before each next one.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one call to a forge or the notification webhook.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True when some report has somewhere to go.</summary>
    public bool Any => GitHub.IsSome || Gitea.IsSome || GitLab.IsSome || Notify.IsSome;

    /// <summary>The page of job <paramref name="job"/>, when the public URL is known.</summary>
    public Option<string> JobUrl(Domain.Jobs.JobId job) => PublicUrl.Map(u => $"{u.AbsoluteUri.TrimEnd('/')}/jobs/{job}");
}

/// <summary>How to reach one forge's API.</summary>
/// <param name="ApiUrl">The API's base URL; none for the default (github's own, for GitHub only).</param>
/// <param name="Token">A token allowed to write commit statuses.</param>
public sealed record ForgeAccess(Option<Uri> ApiUrl, string Token)
{
    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"ForgeAccess {{ ApiUrl = {ApiUrl.Map(u => u.ToString()).IfNone("(default)")}, Token = *** }}";
}

/// <summary>Which finished jobs are notified.</summary>
public enum NotifyOn
{
    /// <summary>Only failed jobs.</summary>
    Failed,

    /// <summary>Every finished job.</summary>
    All,
}

/// <summary>The shape of a notification body.</summary>
public enum NotifyFormat
{
    /// <summary>A plain JSON object with every field.</summary>
    Json,

    /// <summary>A Slack incoming-webhook message: <c>{"text": ...}</c>, also understood by Mattermost and Rocket.Chat.</summary>
    Slack,

    /// <summary>A Microsoft Teams Workflows message carrying an Adaptive Card.</summary>
    Teams,
}

/// <summary>Where and how finished jobs are notified.</summary>
/// <param name="Url">The webhook that receives a POST per notified job.</param>
/// <param name="On">Failed jobs only, or all.</param>
/// <param name="Format">The body's shape.</param>
public sealed record NotifySettings(Uri Url, NotifyOn On, NotifyFormat Format);
