using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Application.Tests;

internal static class Some
{
    public const string Sha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public const string OriginUrl = "git@github.com:mitodl/course.git";

    public static CheckoutState OnMaster => new CheckoutState.OnBranch("master", OriginUrl);

    public static HookEvent Push(string repo = "course", string gitRef = "refs/heads/master") =>
        new HookEvent.Push(PushEvent.Single(repo, gitRef, Sha, false, Option<string>.None));

    public static Delivery Delivered(HookEvent hook, string? id = null) =>
        new(Forge.GitHub, Optional(id), hook);

    public static JobRequest Job(string repo = "course", JobAction action = JobAction.GetLatest, string after = Sha) =>
        new((RepoName)RepoName.Parse(repo), action, OriginUrl, "master", after);
}
