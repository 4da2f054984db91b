using System.Security.Cryptography;

namespace GitReload.Adapters.Git.Tests;

/// <summary>
/// Everything under a working tree, one line a path with its kind (file and a hash of its content
/// and mode, folder, link and where it points), for comparing two clones. A <c>.git</c> entry is
/// listed but not entered; links are never followed.
/// </summary>
internal static class WorkingTreeListing
{
    public static IReadOnlyList<string> Of(string root)
    {
        var lines = new List<string>();
        Walk(root, "", lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Walk(string root, string relative, List<string> lines)
    {
        foreach (var full in Directory.EnumerateFileSystemEntries(Path.Combine(root, relative), "*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var path = Path.Combine(relative, Path.GetFileName(full));
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target) lines.Add($"link {path} -> {target}");
            else if (Directory.Exists(full))
            {
                lines.Add($"folder {path}");
                if (Path.GetFileName(full) != ".git") Walk(root, path, lines);
            }
            else lines.Add($"file {path} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(full)))[..12]} {File.GetUnixFileMode(full)}");
        }
    }
}
