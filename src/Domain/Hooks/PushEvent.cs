using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>
/// A push as every forge describes it, before anything about it is checked: the repository
/// name as sent and the refs it moved (GitHub, Gitea and GitLab send one; Bitbucket may send several).
/// </summary>
/// <param name="RepositoryName">The repository's folder name as the payload gives it, unchecked.</param>
/// <param name="Updates">The refs the push moved.</param>
/// <param name="FullName">The forge's <c>owner/name</c>, when it sends one.</param>
public sealed record PushEvent(string RepositoryName, Seq<RefUpdate> Updates, Option<string> FullName)
{
    /// <summary>A push that moved one ref, as GitHub, Gitea, Forgejo and GitLab send it.</summary>
    public static PushEvent Single(string repositoryName, string gitRef, Option<string> after, bool deleted, Option<string> fullName) =>
        new(repositoryName, Prelude.Seq1(new RefUpdate(gitRef, after, deleted)), fullName);
}
