using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Hooks;

/// <summary>
/// The name of a repository as one plain folder name under <c>REPODIR</c>. A value of this type
/// can never point outside <c>REPODIR</c>: parsing rejects separators, <c>.</c>, <c>..</c>,
/// control characters and empty or overlong names.
/// </summary>
public sealed record RepoName
{
    /// <summary>Longest name accepted; file systems stop at 255 bytes.</summary>
    public const int MaxLength = 255;

    private RepoName(string value) => Value = value;

    /// <summary>The folder name, exactly as it appears under <c>REPODIR</c>.</summary>
    public string Value { get; }

    /// <summary>Accepts a candidate name from a payload, or says why it is not a folder name.</summary>
    public static Either<Error, RepoName> Parse(string? candidate) =>
        IsPlainFolderName(candidate)
            ? new RepoName(candidate!)
            : Error.New("Repository name not valid");

    private static bool IsPlainFolderName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && name is not ("." or "..")
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <inheritdoc />
    public override string ToString() => Value;
}
