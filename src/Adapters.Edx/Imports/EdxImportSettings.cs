using LanguageExt;

namespace GitReload.Adapters.Edx.Imports;

/// <summary>How to run the course import.</summary>
/// <param name="RepoDir"><c>REPODIR</c>: the checkout of repository <c>name</c> is <c>RepoDir/name</c>.</param>
/// <param name="VirtualEnv"><c>VIRTUAL_ENV</c>: its <c>bin/python</c> runs the default command.</param>
/// <param name="EdxPlatform"><c>EDX_PLATFORM</c>: the working directory of the import.</param>
/// <param name="DjangoSettings"><c>DJANGO_SETTINGS</c>: passed as <c>--settings=</c>.</param>
/// <param name="LmsCfg"><c>LMS_CFG</c>, exported to the import.</param>
/// <param name="RevisionCfg"><c>REVISION_CFG</c>, exported to the import.</param>
/// <param name="Timeout"><c>SUBPROCESS_TIMEOUT_MINUTES</c>: past it the import's whole process tree is killed.</param>
/// <param name="CommandTemplate">
/// <c>IMPORT_COMMAND</c>: an argv replacing the default command, first element the program, with
/// <c>{repo_url}</c> <c>{repo_dir}</c> <c>{repo_name}</c> <c>{branch}</c> filled in. It runs in
/// <paramref name="EdxPlatform"/> when that folder exists, else in the checkout folder, because a
/// templated command (Tutor, docker) usually runs where no edx-platform tree exists on the host.
/// </param>
public sealed record EdxImportSettings(
    string RepoDir,
    string VirtualEnv,
    string EdxPlatform,
    string DjangoSettings,
    string LmsCfg,
    string RevisionCfg,
    TimeSpan Timeout,
    Option<Seq<string>> CommandTemplate);
