using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Git.Tests;

internal static class Some
{
    public static readonly RepoName Repo = RepoName.Parse("demo-course").Match(
        Right: name => name,
        Left: error => throw new InvalidOperationException(error.Message));

    public const string Branch = "devel";
    public const string OtherBranch = "master";
}
