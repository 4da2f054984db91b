using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GitReload.Embedding.Tests;

/// <summary>What the packed packages bring to an app: their dependencies, versions and symbols.</summary>
public sealed class PackagesTests
{
    private static readonly string[] Libraries =
    [
        "GitReload.Domain", "GitReload.Application", "GitReload.Adapters.Git", "GitReload.Adapters.Edx",
        "GitReload.Adapters.Http", "GitReload.Adapters.Reporting", "GitReload.AspNetCore",
    ];

    [Fact]
    public void Each_package_depends_on_what_its_code_uses_and_nothing_more()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["GitReload.Domain"] = ["LanguageExt.Core"],
            ["GitReload.Application"] = ["GitReload.Domain"],
            ["GitReload.Adapters.Git"] = ["GitReload.Application", "LibGit2Sharp"],
            ["GitReload.Adapters.Edx"] = ["CliWrap", "GitReload.Application"],
            ["GitReload.Adapters.Http"] = ["GitReload.Application"],
            ["GitReload.Adapters.Reporting"] = ["GitReload.Application", "Octokit"],
            ["GitReload.AspNetCore"] = ["GitReload.Adapters.Edx", "GitReload.Adapters.Git", "GitReload.Adapters.Http", "GitReload.Adapters.Reporting", "Microsoft.Data.Sqlite"],
            ["GitReload"] = [],
        };

        foreach (var (id, dependencies) in expected)
            Assert.Equal($"{id}: {string.Join(", ", dependencies)}", $"{id}: {string.Join(", ", Dependencies(Nuspec(id)).Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public void Nothing_GitReload_brings_into_an_app_is_Carter_or_Roslyn()
    {
        // The app has a Carter of its own; what matters is what GitReload's packages pull in.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(Packed.App, ".deps.json")));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var versions = target.EnumerateObject().ToDictionary(p => p.Name.Split('/')[0], p => p.Value, StringComparer.OrdinalIgnoreCase);
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var next = new Stack<string>(["GitReload.AspNetCore"]);
        while (next.TryPop(out var library))
        {
            if (!reached.Add(library) || !versions.TryGetValue(library, out var entry) || !entry.TryGetProperty("dependencies", out var dependencies))
                continue;
            foreach (var dependency in dependencies.EnumerateObject())
                next.Push(dependency.Name);
        }

        Assert.Contains("GitReload.Adapters.Http", reached);
        Assert.DoesNotContain(reached, l => l.StartsWith("Carter", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase)
            || l.StartsWith("FluentValidation", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_pre_release_version_names_its_commit()
    {
        foreach (var id in Libraries.Append("GitReload"))
        {
            var metadata = Nuspec(id).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            var version = metadata.Elements().Single(e => e.Name.LocalName == "version").Value;
            var commit = metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value;

            Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+\.g[0-9a-f]{10})?$", version);
            if (version.Contains('-'))
                Assert.EndsWith(".g" + commit[..10], version);
            Assert.True(Version.Parse(version.Split('-')[0]) >= new Version(0, 1, 0), version);
        }
    }

    [Fact]
    public void Symbols_link_to_the_public_repository_at_the_commit_and_hold_no_path_of_the_build_machine()
    {
        foreach (var id in Libraries)
        {
            var commit = Nuspec(id).Root!.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value;
            using var symbols = ZipFile.OpenRead(Single($"{id}.*.snupkg"));
            using var pdb = new MemoryStream();
            using (var entry = symbols.Entries.Single(e => e.FullName.EndsWith($"{id}.pdb", StringComparison.Ordinal)).Open())
                entry.CopyTo(pdb);
            pdb.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            var reader = provider.GetMetadataReader();

            var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToArray();
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.StartsWith("/_/", d));

            var sourceLink = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Single(c => reader.GetGuid(c.Kind) == SourceLinkKind);
            var map = JsonDocument.Parse(Encoding.UTF8.GetString(reader.GetBlobBytes(sourceLink.Value))).RootElement.GetProperty("documents");
            Assert.Matches($"^https://raw\\.githubusercontent\\.com/[^/]+/[^/]+/{commit}/\\*$", map.GetProperty("/_/*").GetString());
        }
    }

    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private static string Single(string pattern)
    {
        var found = Directory.GetFiles(Packed.Feed, pattern)
            .Where(f => Regex.IsMatch(Path.GetFileName(f), "^" + Regex.Escape(pattern.Split(".*")[0]) + @"\.\d"))
            .ToArray();
        return Assert.Single(found);
    }

    private static XDocument Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(Single($"{id}.*.nupkg"));
        using var nuspec = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(nuspec);
    }

    private static IEnumerable<string> Dependencies(XDocument nuspec) =>
        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct();
}
