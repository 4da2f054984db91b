using System.Text.Json.Nodes;
using GitReload.Domain.Reports;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>
/// GitLab: <c>POST {api}/projects/{url-encoded path}/statuses/{sha}</c>, <c>PRIVATE-TOKEN: ...</c>.
/// GitLab has no "error" state: both failure and error are <c>failed</c>.
/// </summary>
internal sealed class GitLabCommitStatuses(HttpClient http, Uri api, string token) : ICommitStatusApi
{
    public Task<Delivered> Post(CommitStatus status, Option<string> targetUrl, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["state"] = status.State switch
            {
                CommitState.Pending => "pending",
                CommitState.Success => "success",
                _ => "failed",
            },
            ["name"] = status.Context,
            ["description"] = status.Description,
        };
        foreach (var url in targetUrl) body["target_url"] = url;
        var path = $"projects/{Uri.EscapeDataString(status.Repo.FullName)}/statuses/{Uri.EscapeDataString(status.Sha)}";
        return HttpStatusApi.Post(http, HttpStatusApi.Under(api, path), r => r.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", token), body, cancellationToken);
    }
}
