using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>Whether the program an <c>IMPORT_COMMAND</c> starts can be found, as the service will look for it.</summary>
public static class ImportProgram
{
    /// <summary>None when <paramref name="program"/> is an executable file (a path, or a name found on <paramref name="path"/>); else why not.</summary>
    public static Option<string> Missing(string program, string? path, string currentDirectory)
    {
        // A placeholder is filled per job ({repo_dir}/import.sh): only a job can tell.
        if (program.Contains('{', StringComparison.Ordinal))
            return None;
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program, currentDirectory);
            return Directory.Exists(full) ? $"{full} is a folder"
                : !File.Exists(full) ? $"{full} does not exist"
                : !IsExecutable(full) ? $"{full} is not executable"
                : None;
        }

        var folders = (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return folders.Any(folder => IsExecutable(Path.Combine(folder, program)))
            ? None
            : $"'{program}' is not found on PATH ({path ?? "unset"})";
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
