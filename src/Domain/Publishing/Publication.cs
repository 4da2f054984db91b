using LanguageExt;

namespace GitReload.Domain.Publishing;

/// <summary>What a checkout published atomically holds: the commit its readers see, and those of the trees kept for a rollback, newest first.</summary>
/// <param name="Published">The published tree's commit.</param>
/// <param name="Kept">The kept trees' commits, newest first.</param>
public sealed record Publication(string Published, Seq<string> Kept);
