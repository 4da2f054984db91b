using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Domain.Hooks;

/// <summary>
/// The name of a repository as one plain folder name under <c>REPODIR</c>. A value of this type
/// can never point outside <c>REPODIR</c>: parsing rejects separators, <c>.</c>, <c>..</c>,
/// control characters and empty or overlong names. Nor can it name GitReload's own store of
/// atomically published trees, <see cref="StoreFolder"/>.
/// </summary>
public sealed record RepoName
{
    /// <summary>Longest name accepted; file systems stop at 255 bytes.</summary>
    public const int MaxLength = 255;

    /// <summary>The folder under <c>REPODIR</c> where GitReload keeps the trees of checkouts it publishes atomically: never a repository name.</summary>
    public const string StoreFolder = ".gitreload";

    private RepoName(string value) => Value = value;

    /// <summary>The folder name, exactly as it appears under <c>REPODIR</c>.</summary>
    public string Value { get; }

    /// <summary>Accepts a candidate name from a payload, or says why it is not a folder name.</summary>
    public static Either<Error, RepoName> Parse(string? candidate) =>
        IsPlainFolderName(candidate)
            ? new RepoName(candidate!)
            : new NotValid.NotARepoName();

    private static bool IsPlainFolderName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= MaxLength
        && name is not ("." or "..")
        // Any case: REPODIR may sit on a file system that folds case.
        && !name.Equals(StoreFolder, StringComparison.OrdinalIgnoreCase)
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <inheritdoc />
    public override string ToString() => Value;
}
