using GitReload.Domain.Checkouts;
using GitReload.Domain.Fleet;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Domain.Tests;

internal static class Some
{
    public const string Sha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public const string OriginUrl = "https://github.com/mitodl/course.git";

    public static HostId Host { get; } = HostOf("host-a");

    public static HostId HostOf(string name) => HostId.Parse(name).Match(h => h, e => throw new InvalidOperationException(e.Message));

    public static RepoName Repo(string name = "course") => (RepoName)RepoName.Parse(name);

    public static PushEvent Push(string repo = "course", string gitRef = "refs/heads/master", string after = Sha, bool deleted = false) =>
        PushEvent.Single(repo, gitRef, after, deleted, Option<string>.None);

    public static CheckoutState OnMaster => new CheckoutState.OnBranch("master", OriginUrl);

    public static JobRequest Job(string repo = "course", JobAction action = JobAction.GetLatest, string after = Sha) =>
        new(Repo(repo), action, OriginUrl, "master", after);
}
