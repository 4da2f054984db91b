using System.Reflection;

namespace GitReload.Application;

/// <summary>The version of GitReload that runs, as <c>--version</c>, <c>/healthz</c>, the dashboard and the fleet's host list show it.</summary>
public static class GitReloadVersion
{
    /// <summary>The informational version (<c>0.1.0-alpha.0.12+3f2c1ab</c>).</summary>
    public static string Current { get; } =
        typeof(GitReloadVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
