namespace GitReload.Adapters.Http.Tests;

/// <summary>The forge deliveries in <c>Payloads/</c> (see its README for where each comes from).</summary>
internal static class Payloads
{
    public static string Text(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", file));

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", file));

    /// <summary>GitLab's documented push to <c>refs/heads/master</c> of <c>mike/diaspora</c> (display name "Diaspora").</summary>
    public const string GitLabPush = "gitlab-push.json";

    /// <summary>GitLab's documented push of tag <c>v1.0.0</c> to <c>jsmith/example</c>.</summary>
    public const string GitLabTagPush = "gitlab-tag-push.json";

    /// <summary>Gitea's documented push to <c>refs/heads/develop</c> of <c>gitea/webhooks</c>.</summary>
    public const string GiteaPush = "gitea-push.json";

    /// <summary>A Forgejo push to <c>refs/heads/main</c> of <c>forgejo-demo/course-demo</c>.</summary>
    public const string ForgejoPush = "forgejo-push.json";

    /// <summary>A Bitbucket Cloud push to <c>ntrs/jenkins-jobs</c> moving <c>feature/retry</c>, then <c>master</c>.</summary>
    public const string BitbucketTwoChanges = "bitbucket-push-two-changes.json";

    /// <summary>A Bitbucket Cloud push deleting <c>master</c> of <c>ntrs/jenkins-jobs</c>.</summary>
    public const string BitbucketBranchDeleted = "bitbucket-push-branch-deleted.json";
}
