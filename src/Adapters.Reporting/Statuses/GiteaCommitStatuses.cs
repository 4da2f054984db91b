using System.Text.Json.Nodes;
using GitReload.Domain.Reports;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>Gitea and Forgejo: <c>POST {api}/repos/{owner}/{repo}/statuses/{sha}</c>, <c>Authorization: token ...</c>.</summary>
internal sealed class GiteaCommitStatuses(HttpClient http, Uri api, string token) : ICommitStatusApi
{
    public Task<Delivered> Post(CommitStatus status, Option<string> targetUrl, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["state"] = status.State.ToString().ToLowerInvariant(),
            ["context"] = status.Context,
            ["description"] = status.Description,
        };
        foreach (var url in targetUrl) body["target_url"] = url;
        var path = $"repos/{string.Join('/', status.Repo.FullName.Split('/').Select(Uri.EscapeDataString))}/statuses/{Uri.EscapeDataString(status.Sha)}";
        return HttpStatusApi.Post(http, HttpStatusApi.Under(api, path), r => r.Headers.TryAddWithoutValidation("Authorization", $"token {token}"), body, cancellationToken);
    }
}
