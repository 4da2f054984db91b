using LanguageExt;

namespace GitReload.Adapters.Edx.Checks;

/// <summary>How a new tree is checked before it is published.</summary>
/// <param name="Command">
/// <c>VERIFY_COMMAND</c>: an argv, first element the program, with <c>{repo_dir}</c> (the new tree),
/// <c>{repo_name}</c>, <c>{branch}</c> and <c>{sha}</c> filled in; it runs in the new tree.
/// </param>
/// <param name="Timeout"><c>SUBPROCESS_TIMEOUT_MINUTES</c>, as for the import: past it the check's whole process tree is killed.</param>
public sealed record TreeCheckSettings(Seq<string> Command, TimeSpan Timeout);
