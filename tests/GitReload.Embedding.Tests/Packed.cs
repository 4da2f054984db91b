namespace GitReload.Embedding.Tests;

/// <summary>Where run.sh put the packages it packed and the app it built from them.</summary>
internal static class Packed
{
    /// <summary>The folder of <c>dotnet pack</c>: every GitReload .nupkg and .snupkg.</summary>
    public static string Feed => Folder("GITRELOAD_EMBEDDING_FEED");

    /// <summary>The embedding app, published from the packages.</summary>
    public static string App => Path.Combine(Folder("GITRELOAD_EMBEDDING_APP"), "GitReload.Embedding.App.dll");

    private static string Folder(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } folder && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"{variable} is not set to a folder: run tests/GitReload.Embedding.Tests/run.sh");
}
