using System.Security.Cryptography;
using System.Text;

/// <summary>The same deliveries the tests use: GitHub's from ../shared/fixtures, GitLab's and Bitbucket's from the HTTP tests.</summary>
public static class Payloads
{
    public const string Secret = "bench-secret";

    private static readonly Lazy<string> Root = new(() =>
    {
        // BenchmarkDotNet runs each benchmark from a generated folder under bin/; walk up to the repository.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GitReload.sln")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("GitReload.sln not found above " + AppContext.BaseDirectory);
    });

    public static byte[] GitHub => File.ReadAllBytes(Path.Combine(Root.Value, "..", "shared", "fixtures", "github", "push-with-no-username-committer.payload.json"));

    public static byte[] GitLab => Test("gitlab-push.json");

    public static byte[] Bitbucket => Test("bitbucket-push-two-changes.json");

    public static string Sha256Header(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private static byte[] Test(string file) =>
        File.ReadAllBytes(Path.Combine(Root.Value, "tests", "GitReload.Adapters.Http.Tests", "Payloads", file));
}
