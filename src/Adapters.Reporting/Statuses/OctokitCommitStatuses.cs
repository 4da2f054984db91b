using GitReload.Domain.Reports;
using LanguageExt;
using Octokit;
using DomainState = GitReload.Domain.Reports.CommitState;
using CommitStatus = GitReload.Domain.Reports.CommitStatus;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>GitHub and GitHub Enterprise through Octokit: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c>.</summary>
internal sealed class OctokitCommitStatuses : ICommitStatusApi
{
    private readonly GitHubClient client;

    public OctokitCommitStatuses(ForgeAccess access, TimeSpan callTimeout)
    {
        var product = new ProductHeaderValue("GitReload");
        client = access.ApiUrl.Match(url => new GitHubClient(product, url), () => new GitHubClient(product));
        client.Credentials = new Credentials(access.Token);
        client.SetRequestTimeout(callTimeout);
    }

    public async Task<Delivered> Post(CommitStatus status, Option<string> targetUrl, CancellationToken cancellationToken)
    {
        var slash = status.Repo.FullName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return new Delivered.Refused(0, $"'{status.Repo.FullName}' is not owner/name");
        var created = new NewCommitStatus
        {
            State = status.State switch
            {
                DomainState.Pending => Octokit.CommitState.Pending,
                DomainState.Success => Octokit.CommitState.Success,
                DomainState.Failure => Octokit.CommitState.Failure,
                _ => Octokit.CommitState.Error,
            },
            Context = status.Context,
            Description = status.Description,
            TargetUrl = targetUrl.IfNoneUnsafe((string?)null),
        };
        try
        {
            await client.Repository.Status.Create(status.Repo.FullName[..slash], status.Repo.FullName[(slash + 1)..], status.Sha, created).WaitAsync(cancellationToken);
            return new Delivered.Accepted();
        }
        catch (ApiException e)
        {
            return Delivered.FromStatus((int)e.StatusCode, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException)
        {
            return Delivered.FromException(e);
        }
    }
}
