using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>One update of one open checkout: fetch origin, hard reset to origin's branch, clean.</summary>
internal sealed class CheckoutUpdater(Repository repo, Remote origin, RepoName name, string branch, CancellationToken cancellationToken)
{
    public Either<JobFailure, CheckoutUpdate> Run()
    {
        var before = Optional(repo.Head.Tip?.Sha);
        return Step("fetch", Fetch)
            .Bind(_ => Step("reset", Reset))
            .Bind(after => Step("clean", () => Clean(after)))
            .Map(after => new CheckoutUpdate(before, after));
    }

    private Either<JobFailure, Unit> Fetch()
    {
        var options = new FetchOptions
        {
            // Without pruning, a branch deleted on origin would live on as a stale remote ref.
            Prune = true,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        Commands.Fetch(repo, origin.Name, origin.FetchRefSpecs.Select(spec => spec.Specification), options, null);
        return unit;
    }

    private Either<JobFailure, string> Reset()
    {
        var expected = $"refs/heads/{branch}";
        if (repo.Info.IsHeadDetached || repo.Head.CanonicalName != expected)
            return UpdateFailures.BranchChanged(name, branch, repo.Info.IsHeadDetached ? "a detached HEAD" : repo.Head.FriendlyName);
        if (repo.Lookup<Commit>($"refs/remotes/{origin.Name}/{branch}") is not { } target)
            return UpdateFailures.BranchGone(name, branch, origin.Url);
        repo.Reset(ResetMode.Hard, target);
        return target.Sha;
    }

    private Either<JobFailure, string> Clean(string after)
    {
        WorkingTreeCleaner.Clean(repo, cancellationToken);
        return after;
    }

    private Either<JobFailure, T> Step<T>(string step, Func<Either<JobFailure, T>> action)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return action();
        }
        catch (UserCancelledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            return UpdateFailures.From(e, step, name, origin.Url);
        }
    }
}
