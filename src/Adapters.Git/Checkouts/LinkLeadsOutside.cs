using LanguageExt.Common;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>A checkout folder that is a symbolic link to <paramref name="Target"/>, outside <c>REPODIR</c>: refused.</summary>
internal sealed record LinkLeadsOutside(string Checkout, string Target) : Expected($"{Checkout} is a symbolic link leading outside REPODIR", 0, default)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
