namespace GitReload.Tests.Shared;

/// <summary>The real GitHub deliveries in <c>../shared/fixtures/github</c>, found from the test's output folder.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitReload.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "fixtures", "github");
        }
        throw new DirectoryNotFoundException("GitReload.sln not found above " + AppContext.BaseDirectory);
    });

    public static string GitHub(string file) => File.ReadAllText(Path.Combine(Folder.Value, file));

    /// <summary>An ordinary push to refs/heads/master of Hello-World.</summary>
    public static string PushToMaster => GitHub("push-with-no-username-committer.payload.json");
}
