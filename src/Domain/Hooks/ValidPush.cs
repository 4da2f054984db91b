namespace GitReload.Domain.Hooks;

/// <summary>A push whose repository name is a safe folder name: the only kind of push worth a look on disk.</summary>
/// <param name="Repo">The repository's folder name.</param>
/// <param name="Ref">The pushed ref.</param>
/// <param name="After">The pushed SHA.</param>
/// <param name="RemovesRef">True when the push deleted the ref.</param>
public sealed record ValidPush(RepoName Repo, GitRef Ref, string After, bool RemovesRef);
