using LanguageExt;

namespace GitReload.Host.Configuration;

/// <summary>Finds the JSON configuration file, as the original gitreload did.</summary>
public static class ConfigFile
{
    /// <summary>
    /// The file named by <c>--config</c> or <c>$GITRELOAD_CONFIG</c> (which must exist), else the first
    /// of <c>./gr.env.json</c>, <c>~/gr.env.json</c>, <c>~/.gr.env.json</c>, <c>/etc/gr.env.json</c>, else none.
    /// </summary>
    public static Either<InvocationError.MissingConfigFile, Option<string>> Find(
        string? flag, IReadOnlyDictionary<string, string?> environment, string currentDirectory, string homeDirectory)
    {
        var named = flag ?? environment.GetValueOrDefault("GITRELOAD_CONFIG");
        if (!string.IsNullOrEmpty(named))
        {
            var full = Path.GetFullPath(named, currentDirectory);
            // Typed on purpose: a string converts silently to Option<string>.
            return File.Exists(full)
                ? Either<InvocationError.MissingConfigFile, Option<string>>.Right(Option<string>.Some(full))
                : new InvocationError.MissingConfigFile(full, flag is null ? "GITRELOAD_CONFIG" : "--config");
        }

        string[] candidates =
        [
            Path.Combine(currentDirectory, "gr.env.json"),
            Path.Combine(homeDirectory, "gr.env.json"),
            Path.Combine(homeDirectory, ".gr.env.json"),
            "/etc/gr.env.json",
        ];
        return Either<InvocationError.MissingConfigFile, Option<string>>.Right(candidates.Where(File.Exists).HeadOrNone());
    }
}
