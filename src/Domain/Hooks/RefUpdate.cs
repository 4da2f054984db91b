using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>One ref moved by a push.</summary>
/// <param name="Ref">The full ref name, e.g. <c>refs/heads/master</c>.</param>
/// <param name="After">The commit the push moved the ref to, when the forge named one; all zeros when it deleted the ref.</param>
/// <param name="Deleted">True when the forge says the push deleted the ref.</param>
public sealed record RefUpdate(string Ref, Option<string> After, bool Deleted)
{
    /// <summary>The SHA forges send for a ref that does not exist (before a create, after a delete).</summary>
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>True when the push removed the ref, in either of the ways forges say it.</summary>
    public bool RemovesRef => Deleted || After.Exists(sha => sha.Length > 0 && sha.All(c => c == '0'));
}
