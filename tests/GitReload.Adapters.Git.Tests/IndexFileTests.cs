using GitReload.Adapters.Git.Checkouts;
using LanguageExt;

namespace GitReload.Adapters.Git.Tests;

public sealed class IndexFileTests
{
    private static readonly string[] Names =
        ["README.md", "course/unit 1.xml", "course/ünïcødé.xml", "course/-dash.xml", "course/deep/a/b/c.xml", "course/deeper/x.xml", "new\nline.txt", "z.txt"];

    private static TempRepos WithFiles()
    {
        var repos = TempRepos.WithClone();
        foreach (var name in Names)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(repos.InCheckout(name))!);
            File.WriteAllText(repos.InCheckout(name), name);
        }
        Git.Run(repos.Checkout, "add", "--all");
        return repos;
    }

    // As bytes, one char per byte, as IndexFile gives them.
    private static string[] GitLsFiles(string clone) =>
        Shell.Run(clone, "git ls-files -z").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static Option<List<string>> Read(TempRepos repos, int count) => IndexFile.Paths(repos.InCheckout(".git/index"), count).Map(entries => entries.Paths);

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("4")]
    public void Reads_the_same_paths_as_git_from_each_index_version(string version)
    {
        using var repos = WithFiles();
        Git.Run(repos.Checkout, "update-index", "--index-version", version);
        var expected = GitLsFiles(repos.Checkout);

        Assert.Equal(expected, Read(repos, expected.Length).IfNone(() => throw new Xunit.Sdk.XunitException("nothing read")));
    }

    [Fact]
    public void Reads_entries_with_extended_flags()
    {
        using var repos = WithFiles();
        Git.Run(repos.Checkout, "update-index", "--skip-worktree", "course/unit 1.xml");
        Git.Run(repos.Checkout, "add", "--intent-to-add", "--", WriteUntracked(repos, "intent.txt"));
        var expected = GitLsFiles(repos.Checkout);

        Assert.Contains("intent.txt", expected);
        Assert.Equal(expected, Read(repos, expected.Length).IfNone(() => throw new Xunit.Sdk.XunitException("nothing read")));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("4")]
    public void Reads_names_that_are_not_utf8_as_their_bytes_and_tells_which_paths_are_links(string version)
    {
        using var repos = WithFiles();
        Shell.Run(repos.Checkout, "mkdir c$'\\xe9'ours; echo x > c$'\\xe9'ours/$'\\xff'.xml; ln -s README.md link; ln -s c$'\\xe9'ours folder-link; git add --all");
        Git.Run(repos.Checkout, "update-index", "--index-version", version);
        var expected = GitLsFiles(repos.Checkout);

        var entries = IndexFile.Paths(repos.InCheckout(".git/index"), expected.Length).IfNone(() => throw new Xunit.Sdk.XunitException("nothing read"));

        Assert.Contains("c\u00e9ours/\u00ff.xml", expected);
        Assert.Equal(expected, entries.Paths);
        Assert.Equal(["folder-link", "link"], entries.Links);
    }

    [Fact]
    public void Gives_nothing_when_the_count_is_not_the_one_libgit2_holds()
    {
        using var repos = WithFiles();
        var count = GitLsFiles(repos.Checkout).Length;

        Assert.True(Read(repos, count + 1).IsNone);
    }

    [Fact]
    public void Gives_nothing_for_a_split_index()
    {
        using var repos = WithFiles();
        Git.Run(repos.Checkout, "update-index", "--split-index");
        var count = GitLsFiles(repos.Checkout).Length;

        Assert.True(Read(repos, count).IsNone);
    }

    [Fact]
    public void Gives_nothing_for_a_sparse_index()
    {
        using var repos = WithFiles();
        Git.Run(repos.Checkout, "commit", "--quiet", "-m", "files");
        Git.Run(repos.Checkout, "sparse-checkout", "init", "--cone", "--sparse-index");
        Git.Run(repos.Checkout, "sparse-checkout", "set", "course/deep");
        var bytes = File.ReadAllBytes(repos.InCheckout(".git/index"));
        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));

        Assert.True(bytes.AsSpan().IndexOf("sdir"u8) > 0, "git wrote no sparse index");
        Assert.True(IndexFile.Parse(bytes, count).IsNone);
    }

    [Fact]
    public void Gives_nothing_for_a_cut_or_damaged_file()
    {
        using var repos = WithFiles();
        var bytes = File.ReadAllBytes(repos.InCheckout(".git/index"));
        var count = GitLsFiles(repos.Checkout).Length;

        Assert.True(IndexFile.Parse(bytes.AsSpan(0, bytes.Length / 2), count).IsNone);
        Assert.True(IndexFile.Parse(bytes.AsSpan(0, 40), count).IsNone);
        Assert.True(IndexFile.Parse([], count).IsNone);
        bytes[0] = (byte)'X';
        Assert.True(IndexFile.Parse(bytes, count).IsNone);
    }

    [Fact]
    public void Gives_nothing_without_an_index_file()
    {
        using var repos = WithFiles();
        File.Delete(repos.InCheckout(".git/index"));

        Assert.True(Read(repos, 0).IsNone);
        Assert.True(IndexFile.Checksum(repos.InCheckout(".git/index")).IsNone);
    }

    [Fact]
    public void Its_checksum_is_the_files_last_20_bytes_and_changes_with_what_is_staged()
    {
        using var repos = WithFiles();
        var index = repos.InCheckout(".git/index");
        var before = IndexFile.Checksum(index);

        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(index)[^20..]), before);
        Git.Run(repos.Checkout, "rm", "--quiet", "--cached", "z.txt");
        Assert.NotEqual(before, IndexFile.Checksum(index));
    }

    private static string WriteUntracked(TempRepos repos, string name)
    {
        File.WriteAllText(repos.InCheckout(name), name);
        return name;
    }
}
