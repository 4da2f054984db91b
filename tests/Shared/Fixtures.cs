namespace GitReload.Tests.Shared;

/// <summary>The real GitHub deliveries in <c>../shared/fixtures/github</c>, found from the test's output folder.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(() => System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared", "fixtures", "github"));

    public static string GitHub(string file) => File.ReadAllText(Path.Combine(Folder.Value, file));

    /// <summary>An ordinary push to refs/heads/master of Hello-World.</summary>
    public static string PushToMaster => GitHub("push-with-no-username-committer.payload.json");
}
