using System.Reflection;

namespace GitReload.Application;

/// <summary>The version of GitReload that runs, for <c>--version</c>, <c>check-config</c>, <c>/healthz</c> and the dashboard.</summary>
public static class GitReloadVersion
{
    /// <summary>
    /// The package version (from the newest <c>v*</c> git tag) and the commit it was built from,
    /// e.g. <c>1.2.0+8298baa</c>, or <c>1.2.1-alpha.0.3+5f0e2c1</c> for a build after that tag.
    /// </summary>
    public static string Text { get; } = Read();

    private static string Read()
    {
        var informational = typeof(GitReloadVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || informational.Length - plus <= 8 ? informational : informational[..(plus + 8)];
    }
}
