using GitReload.AspNetCore.Configuration;

namespace GitReload.Host.Configuration;

/// <summary>
/// Problems with the configuration file as a whole, before any value in it is read: each is a
/// <see cref="ConfigProblem"/> of the key that chose the file (<c>--config</c>), so every refusal is one type.
/// </summary>
public static class FileProblem
{
    /// <summary>The file <c>--config</c> or <c>$GITRELOAD_CONFIG</c> names is not there.</summary>
    public static ConfigProblem Missing(InvocationError.MissingConfigFile missing) =>
        new(Keys.ConfigFile, missing.From, $"config file {missing.Path} does not exist");

    /// <summary>The file is not JSON; <paramref name="where"/> says where it breaks.</summary>
    public static ConfigProblem NotJson(string path, string where) =>
        new(Keys.ConfigFile, path, $"the file is not valid JSON: {where}");

    /// <summary>The file cannot be read (permissions, a folder in its place).</summary>
    public static ConfigProblem Unreadable(string path, string why) =>
        new(Keys.ConfigFile, path, $"the file cannot be read: {why}");
}
