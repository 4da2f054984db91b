using GitReload.Domain.Hooks;
using GitReload.Domain.Publishing;

namespace GitReload.Host.Configuration;

/// <summary>
/// Checkout names in <c>PUBLISH</c> and <c>POLL</c> that <c>REPODIR</c> lacks: most often a typo,
/// which would leave the checkout meant published or followed as if it were not named at all.
/// </summary>
internal static class NamedCheckouts
{
    /// <summary>Names <c>PUBLISH</c> gives a mode that have no folder under <c>REPODIR</c>; the start logs these too.</summary>
    public static IEnumerable<string> MissingFromPublish(GitReloadSettings settings)
    {
        var repoDir = settings.Core.RepoDir;
        if (!Directory.Exists(repoDir))
            return [];
        return settings.Core.Publish.Entries
            .Select(e => e.Key)
            .Where(name => name != PublishPolicy.Others && !Directory.Exists(Path.Combine(repoDir, name)))
            .Select(name => $"PUBLISH names {name}, but there is no checkout {Path.Combine(repoDir, name)}: the entry applies to nothing{DidYouMean(name, repoDir)}")
            .ToList();
    }

    /// <summary><c>; did you mean X?</c> for the checkout under <paramref name="repoDir"/> nearest to <paramref name="name"/>, or nothing.</summary>
    public static string DidYouMean(string name, string repoDir) =>
        Spelling.Nearest(name, Under(repoDir)).Match(n => $"; did you mean {n}?", () => "");

    // A REPODIR that cannot be listed offers no name: the warning stands without one.
    private static IEnumerable<string> Under(string repoDir)
    {
        try
        {
            return Directory.EnumerateDirectories(repoDir)
                .Select(path => Path.GetFileName(path))
                .Where(name => RepoName.Parse(name).IsRight)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
