using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>A push whose repository name is a safe folder name: the only kind of push worth a look on disk.</summary>
/// <param name="Repo">The repository's folder name.</param>
/// <param name="Updates">The refs the push moved.</param>
public sealed record ValidPush(RepoName Repo, Seq<RefUpdate> Updates);
