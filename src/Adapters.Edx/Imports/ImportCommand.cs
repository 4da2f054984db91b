using GitReload.Adapters.Edx.Processes;
using GitReload.Application.Ports;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Edx.Imports;

/// <summary>The argv, working directory and environment of one course import.</summary>
internal static class ImportCommand
{
    public static Seq<string> Argv(EdxImportSettings settings, CourseImport import) =>
        settings.CommandTemplate.Match(
            Some: template => template.Map(part => Fill(part, settings, import)),
            None: () => Seq(
                Python(settings),
                "manage.py", "lms", $"--settings={settings.DjangoSettings}",
                "git_add_course", import.RepoUrl, "--directory_path", CheckoutDir(settings, import)));

    /// <summary>
    /// <c>EDX_PLATFORM</c> for the default command; for a template, <c>EDX_PLATFORM</c> when it
    /// exists, else the checkout folder.
    /// </summary>
    public static string WorkingDirectory(EdxImportSettings settings, CourseImport import) =>
        settings.CommandTemplate.IsSome && !Directory.Exists(settings.EdxPlatform)
            ? CheckoutDir(settings, import)
            : settings.EdxPlatform;

    /// <summary>Added to the environment GitReload itself runs with.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(EdxImportSettings settings) =>
        new Dictionary<string, string?>
        {
            ["SERVICE_VARIANT"] = "lms",
            ["LMS_CFG"] = settings.LmsCfg,
            ["REVISION_CFG"] = settings.RevisionCfg,
        };

    /// <summary>The configuration key to check when the program cannot be started.</summary>
    public static string ProgramKey(EdxImportSettings settings) =>
        settings.CommandTemplate.IsSome ? "IMPORT_COMMAND" : "VIRTUAL_ENV";

    private static string Python(EdxImportSettings settings) => Path.Combine(settings.VirtualEnv, "bin", "python");

    private static string CheckoutDir(EdxImportSettings settings, CourseImport import) =>
        Path.Combine(settings.RepoDir, import.Repo.Value);

    private static string Fill(string part, EdxImportSettings settings, CourseImport import) =>
        ArgvTemplate.Fill(part, new Dictionary<string, string>
        {
            ["repo_url"] = import.RepoUrl,
            ["repo_dir"] = CheckoutDir(settings, import),
            ["repo_name"] = import.Repo.Value,
            ["branch"] = import.Branch,
        });
}
