using LanguageExt;

namespace GitReload.Domain.Hooks;

/// <summary>
/// A push as every forge describes it, before anything about it is checked: the repository
/// name as sent, the full ref, the commit the ref now points at and whether the push deleted it.
/// </summary>
/// <param name="RepositoryName">The payload's repository name, unchecked.</param>
/// <param name="Ref">The full ref name, e.g. <c>refs/heads/master</c>.</param>
/// <param name="After">The SHA the ref points at after the push; all zeros when deleted.</param>
/// <param name="Deleted">True when the forge says the push deleted the ref.</param>
/// <param name="FullName">The forge's <c>owner/name</c>, when it sends one.</param>
public sealed record PushEvent(string RepositoryName, string Ref, string After, bool Deleted, Option<string> FullName)
{
    /// <summary>The SHA forges send for a ref that does not exist (before a create, after a delete).</summary>
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>True when the push removed the ref, in either of the ways forges say it.</summary>
    public bool RemovesRef => Deleted || (After.Length > 0 && After.All(c => c == '0'));
}
