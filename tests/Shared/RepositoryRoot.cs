namespace GitReload.Tests.Shared;

/// <summary>The clone the tests were built from: the folder of <c>GitReload.sln</c>, found from the test's output folder.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GitReload.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("GitReload.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Found.Value;
}
