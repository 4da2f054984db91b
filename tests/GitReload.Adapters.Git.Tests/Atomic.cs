using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Publishing;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

/// <summary>Atomic updates of the checkout of <see cref="TempRepos"/>, as <c>AtomicPublishing</c> runs them: stage, then publish.</summary>
internal sealed class Atomic(TempRepos repos, int keep = 2)
{
    public LibGit2AtomicCheckouts Checkouts { get; } = new(new GitCheckoutSettings(repos.RepoDir) { PublishKeep = keep });

    public string Store => Path.Combine(repos.RepoDir, ".gitreload", Some.Repo.Value);

    public string Trees => Path.Combine(Store, "trees");

    /// <summary>Where REPODIR/&lt;name&gt; points now (resolved).</summary>
    public string Published => Path.GetFullPath(Path.Combine(repos.RepoDir, new FileInfo(repos.Checkout).LinkTarget ?? throw new Xunit.Sdk.XunitException("the checkout is not a link")));

    public string[] TreeFolders() => Directory.Exists(Trees) ? Directory.GetDirectories(Trees).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>Stages and publishes; the update.</summary>
    public async Task<CheckoutUpdate> Update()
    {
        var staged = Succeeded(await Checkouts.Stage(Some.Repo, Some.Branch, CancellationToken.None));
        return await staged.Match(
            unchanged: u => Task.FromResult(new CheckoutUpdate(u.Sha, u.Sha)),
            ready: async r => Succeeded(await Checkouts.Publish(r.Tree, CancellationToken.None)));
    }

    /// <summary>Stages a tree and returns it, unpublished.</summary>
    public async Task<StagedTree> Stage() =>
        Succeeded(await Checkouts.Stage(Some.Repo, Some.Branch, CancellationToken.None)).Match(
            unchanged: _ => throw new Xunit.Sdk.XunitException("nothing was staged"),
            ready: r => r.Tree);

    public static T Succeeded<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => value, Left: failure => throw new Xunit.Sdk.XunitException($"failed: {failure}"));

    public static JobFailure Failed<T>(Either<JobFailure, T> result) =>
        result.Match(Right: value => throw new Xunit.Sdk.XunitException($"succeeded: {value}"), Left: failure => failure);
}
