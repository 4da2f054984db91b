using GitReload.Adapters.Git.FileSystem;

namespace GitReload.Adapters.Git.Tests;

// Permission denied needs another user than root, who runs these tests: ServiceUserTests in the host's tests run the real process as one.
public sealed class FolderReachTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gitreload-reach-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_folder_this_user_may_list_and_enter_is_readable_with_or_without_a_trailing_slash()
    {
        Assert.IsType<FolderReach.Readable>(FolderReach.Of(root));
        Assert.IsType<FolderReach.Readable>(FolderReach.Of(root + "/"));
    }

    [Fact]
    public void A_folder_that_is_not_there_is_missing_and_so_is_one_under_a_folder_that_is_not_there()
    {
        Assert.IsType<FolderReach.Missing>(FolderReach.Of(Path.Combine(root, "gone")));
        Assert.IsType<FolderReach.Missing>(FolderReach.Of(Path.Combine(root, "gone", "repos")));
    }

    [Fact]
    public void A_file_where_the_folder_should_be_is_not_a_folder_with_or_without_a_trailing_slash()
    {
        var file = Path.Combine(root, "a-file");
        File.WriteAllText(file, "");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        Assert.IsType<FolderReach.NotAFolder>(FolderReach.Of(file));
        Assert.IsType<FolderReach.NotAFolder>(FolderReach.Of(file + "/"));
    }

    [Fact]
    public void A_folder_under_a_file_is_missing()
    {
        var file = Path.Combine(root, "a-file");
        File.WriteAllText(file, "");

        Assert.IsType<FolderReach.Missing>(FolderReach.Of(Path.Combine(file, "repos")));
    }

    [Fact]
    public void A_link_to_a_folder_is_the_folder_and_a_loop_of_links_is_a_failure_that_says_so()
    {
        var link = Path.Combine(root, "link");
        File.CreateSymbolicLink(link, root);
        var loop = Path.Combine(root, "loop");
        File.CreateSymbolicLink(loop, loop);

        Assert.IsType<FolderReach.Readable>(FolderReach.Of(link));
        Assert.Contains("symbolic links", Assert.IsType<FolderReach.Failed>(FolderReach.Of(loop)).Why, StringComparison.OrdinalIgnoreCase);
    }
}
