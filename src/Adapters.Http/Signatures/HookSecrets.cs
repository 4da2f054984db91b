using LanguageExt;

namespace GitReload.Adapters.Http.Signatures;

/// <summary>
/// Which secrets a delivery must be signed with: the repository's own (<c>REPO_SECRETS</c>, several
/// during a rotation) when it has some, else the shared <c>HOOK_SECRET</c>, else none.
/// </summary>
public sealed record HookSecrets(Option<string> Shared, Map<string, Seq<string>> PerRepository)
{
    /// <summary>No secret at all: deliveries are not signed.</summary>
    public static HookSecrets None { get; } = new(Option<string>.None, Map<string, Seq<string>>.Empty);

    /// <summary>The secrets any one of which may sign a delivery for <paramref name="repositoryName"/>; empty when none applies.</summary>
    public Seq<string> For(Option<string> repositoryName) =>
        repositoryName.Bind(name => PerRepository.Find(name)).Match(
            Some: own => own,
            None: () => Shared.ToSeq());
}
