using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>One ref moved by a push.</summary>
/// <param name="Ref">The full ref name, e.g. <c>refs/heads/master</c>.</param>
/// <param name="After">The SHA the ref points at after the push; all zeros (or empty) when deleted.</param>
/// <param name="Deleted">True when the forge says the push deleted the ref.</param>
public sealed record RefUpdate(string Ref, string After, bool Deleted)
{
    /// <summary>The SHA forges send for a ref that does not exist (before a create, after a delete).</summary>
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>True when the push removed the ref, in either of the ways forges say it.</summary>
    public bool RemovesRef => Deleted || (After.Length > 0 && After.All(c => c == '0'));

    /// <summary>The commit the push moved the ref to, when the forge named one.</summary>
    public Option<string> Pushed => After.Length > 0 ? Option<string>.Some(After) : Option<string>.None;
}
