using System.Text;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Publishing;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// The one step that changes what readers see. Publishing a tree: a new link is made beside the store
/// and renamed over <c>REPODIR/&lt;name&gt;</c> (<c>rename(2)</c> replaces it whole: a reader finds the old
/// link or the new one, never neither). Turning a checkout folder into a link, or back:
/// <c>renameat2(RENAME_EXCHANGE)</c> swaps the two entries in one step. As git-sync does, a reader
/// that opens the checkout folder once (or resolves the link once) then reads one commit throughout.
/// Pinned by <c>AtomicReadersTests</c> (a reader process counting mixed reads) and <c>AtomicCheckoutsTests</c>.
/// </summary>
internal static class LinkSwap
{
    /// <summary>Points the link <c>REPODIR/&lt;name&gt;</c> at <paramref name="tree"/>.</summary>
    public static void Point(StoreLayout layout, TreeId tree)
    {
        using var root = Folder.Open(layout.Root);
        using var repoDir = Folder.Open(layout.RepoDir);
        NewLink(root, layout, tree);
        root.Move(StoreLayout.NewLink, repoDir, layout.Name.Value);
    }

    /// <summary>Swaps the checkout folder <c>REPODIR/&lt;name&gt;</c> for a link to <paramref name="tree"/>; the folder goes to <c>retired/</c> as <paramref name="folderName"/>.</summary>
    public static void ReplaceFolder(StoreLayout layout, TreeId tree, string folderName)
    {
        using var root = Folder.Open(layout.Root);
        using var repoDir = Folder.Open(layout.RepoDir);
        NewLink(root, layout, tree);
        root.Exchange(StoreLayout.NewLink, repoDir, layout.Name.Value);
        root.MakeFolder(StoreLayout.RetiredFolder);
        using var retired = root.OpenFolder(StoreLayout.RetiredFolder) ?? throw new IOException($"{root.Shown}/{StoreLayout.RetiredFolder} is not a folder");
        root.Move(StoreLayout.NewLink, retired, folderName);
    }

    /// <summary>Swaps the link <c>REPODIR/&lt;name&gt;</c> for the folder <paramref name="folder"/> of <c>building/</c>, and removes the link.</summary>
    public static void ReplaceLink(StoreLayout layout, string folder)
    {
        using var building = Folder.Open(layout.Building);
        using var repoDir = Folder.Open(layout.RepoDir);
        building.Exchange(folder, repoDir, layout.Name.Value);
        building.RemoveFile(folder);
    }

    // A link left by a run that was cut off is replaced.
    private static void NewLink(Folder root, StoreLayout layout, TreeId tree)
    {
        root.RemoveFile(StoreLayout.NewLink);
        root.MakeLink(StoreLayout.NewLink, Encoding.UTF8.GetBytes(layout.LinkText(tree)));
    }
}
