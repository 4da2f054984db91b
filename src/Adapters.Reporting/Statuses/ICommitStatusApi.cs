using GitReload.Domain.Reports;
using LanguageExt;

namespace GitReload.Adapters.Reporting.Statuses;

/// <summary>One forge's commit status API.</summary>
internal interface ICommitStatusApi
{
    /// <summary>Posts <paramref name="status"/>, linking to <paramref name="targetUrl"/> when given.</summary>
    Task<Delivered> Post(CommitStatus status, Option<string> targetUrl, CancellationToken cancellationToken);
}
