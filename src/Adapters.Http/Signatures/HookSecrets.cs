using System.Collections.Frozen;
using LanguageExt;

namespace GitReload.Adapters.Http.Signatures;

/// <summary>
/// Which secrets a delivery must be signed with: the repository's own (<c>REPO_SECRETS</c>, several
/// during a rotation) when it has some, else the shared <c>HOOK_SECRET</c>, else none. Repository
/// names match exactly (ordinal).
/// </summary>
/// <remarks>
/// A frozen dictionary, not LanguageExt's Map: LanguageExt 4 finds a Map's ordering by loading every
/// type of LanguageExt.Core, 32 MB kept for the life of the process.
/// </remarks>
public sealed record HookSecrets(Option<string> Shared, IReadOnlyDictionary<string, Seq<string>> PerRepository)
{
    /// <summary>No secret at all: deliveries are not signed.</summary>
    public static HookSecrets None { get; } = new(Option<string>.None, FrozenDictionary<string, Seq<string>>.Empty);

    /// <summary>Every secret configured, each once: a delivery signed with none of them is refused whatever it names.</summary>
    public Seq<string> All { get; } = Shared.ToSeq().Concat(PerRepository.Values.SelectMany(s => s)).Distinct(StringComparer.Ordinal).ToSeq().Strict();

    /// <summary>True when every delivery must be signed (<c>HOOK_SECRET</c> is set), whichever repository it names.</summary>
    public bool RequiredForAll => Shared.IsSome;

    /// <summary>The secrets any one of which may sign a delivery for <paramref name="repositoryName"/>; empty when none applies.</summary>
    public Seq<string> For(Option<string> repositoryName) =>
        repositoryName.Match(
            Some: name => PerRepository.TryGetValue(name, out var own) ? own : Shared.ToSeq(),
            None: () => Shared.ToSeq());
}
