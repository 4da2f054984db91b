using GitReload.Adapters.Git.Checkouts;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

internal static class Updates
{
    public static Task<Either<JobFailure, CheckoutUpdate>> Run(TempRepos repos, CancellationToken cancellationToken = default, string? repoDir = null) =>
        new LibGit2Checkouts(new GitCheckoutSettings(repoDir ?? repos.RepoDir)).Update(Some.Repo, Some.Branch, cancellationToken);

    public static CheckoutUpdate Succeeded(Either<JobFailure, CheckoutUpdate> result) =>
        result.Match(Right: update => update, Left: failure => throw new Xunit.Sdk.XunitException($"update failed: {failure}"));

    public static JobFailure Failed(Either<JobFailure, CheckoutUpdate> result) =>
        result.Match(Right: update => throw new Xunit.Sdk.XunitException($"update succeeded: {update}"), Left: failure => failure);
}
