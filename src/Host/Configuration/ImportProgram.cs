using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>Whether the program an <c>IMPORT_COMMAND</c> starts can be found, as the service will look for it.</summary>
public static class ImportProgram
{
    /// <summary>Right when <paramref name="program"/> is an executable file (a path, or a name found on <paramref name="path"/>); else why not.</summary>
    public static Either<SetupProblem.ProgramMissing, Unit> Missing(string program, string? path, string currentDirectory)
    {
        // A placeholder is filled per job ({repo_dir}/import.sh): only a job can tell.
        if (program.Contains('{', StringComparison.Ordinal))
            return Unit.Default;
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program, currentDirectory);
            return Directory.Exists(full) ? Missing($"{full} is a folder")
                : !File.Exists(full) ? Missing($"{full} does not exist")
                : !IsExecutable(full) ? Missing($"{full} is not executable")
                : Unit.Default;
        }

        var folders = (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return folders.Any(folder => IsExecutable(Path.Combine(folder, program)))
            ? Unit.Default
            : Missing($"'{program}' is not found on PATH ({path ?? "unset"})");
    }

    private static Either<SetupProblem.ProgramMissing, Unit> Missing(string line) => new SetupProblem.ProgramMissing(line);

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
