using GitReload.Domain.Hooks;
using GitReload.Domain.Publishing;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Where GitReload keeps a checkout it publishes atomically, under <c>REPODIR/.gitreload/&lt;name&gt;/</c>
/// (a name no hook can address, <see cref="RepoName.StoreFolder"/>): <c>repo.git</c>, the store (a bare
/// repository: objects, origin, the branch, one worktree record per tree); <c>trees/</c>, the published
/// tree and those published before it; <c>building/</c>, a tree being made or checked, never yet published; <c>retired/</c>, what is being removed; <c>spare/</c>, a tree
/// beyond <c>PUBLISH_KEEP</c> set aside with its index, to be made into the next tree (<see cref="SpareTree"/>). <c>REPODIR/&lt;name&gt;</c>
/// is a link to <c>.gitreload/&lt;name&gt;/trees/&lt;tree&gt;</c>, relative, so <c>REPODIR</c> may move.
/// </summary>
internal sealed record StoreLayout(string RepoDir, RepoName Name)
{
    public const string GitFolder = "repo.git";
    public const string TreesFolder = "trees";
    public const string BuildingFolder = "building";
    public const string RetiredFolder = "retired";
    public const string SpareFolder = "spare";

    /// <summary>The new link, made beside the store before it is renamed over <c>REPODIR/&lt;name&gt;</c>.</summary>
    public const string NewLink = "publishing";

    public string Stores => Path.Combine(RepoDir, RepoName.StoreFolder);

    public string Root => Path.Combine(Stores, Name.Value);

    public string GitDir => Path.Combine(Root, GitFolder);

    public string Trees => Path.Combine(Root, TreesFolder);

    public string Building => Path.Combine(Root, BuildingFolder);

    public string Retired => Path.Combine(Root, RetiredFolder);

    public string Spare => Path.Combine(Root, SpareFolder);

    public string Checkout => Path.Combine(RepoDir, Name.Value);

    public string TreePath(TreeId tree) => Path.Combine(Trees, tree.Folder);

    /// <summary>Where <paramref name="tree"/> is made and checked, before it is published.</summary>
    public string BuildingPath(TreeId tree) => Path.Combine(Building, tree.Folder);

    /// <summary>The tree's worktree record in the store: its HEAD and its index.</summary>
    public string Record(TreeId tree) => Path.Combine(GitDir, "worktrees", tree.Folder);

    public string IndexOf(TreeId tree) => Path.Combine(Record(tree), "index");

    /// <summary>What <c>REPODIR/&lt;name&gt;</c> says when it points at <paramref name="tree"/>.</summary>
    public string LinkText(TreeId tree) => $"{RepoName.StoreFolder}/{Name.Value}/{TreesFolder}/{tree.Folder}";

    /// <summary>The tree <c>REPODIR/&lt;name&gt;</c> points at, when it is a link GitReload made; nothing for any other folder or link.</summary>
    public Option<TreeId> Published()
    {
        string? target;
        try
        {
            target = new FileInfo(Checkout).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
        var prefix = $"{RepoName.StoreFolder}/{Name.Value}/{TreesFolder}/";
        return target is not null && target.StartsWith(prefix, StringComparison.Ordinal) && target.IndexOf('/', prefix.Length) < 0
            ? TreeId.Parse(target[prefix.Length..])
            : None;
    }

    /// <summary>The published tree and the others in <c>trees/</c> (trees enter it only as they are published).</summary>
    public TreeShelf Shelf()
    {
        var published = Published();
        return new TreeShelf(published, TreesIn(Trees).Filter(tree => !published.Exists(p => p == tree)));
    }

    /// <summary>Trees being made, removed or set aside: their numbers are not given again while they are there.</summary>
    public Seq<TreeId> Leftovers() => TreesIn(Building) + TreesIn(Retired) + TreesIn(Spare);

    /// <summary>The trees set aside in <c>spare/</c>, newest first.</summary>
    public Seq<TreeId> Spares() => TreesIn(Spare).OrderByDescending(tree => tree.Number).ToSeq();

    private static Seq<TreeId> TreesIn(string folder)
    {
        try
        {
            return Directory.Exists(folder)
                ? toSeq(Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToList()).Bind(name => TreeId.Parse(name!).ToSeq())
                : Seq<TreeId>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Seq<TreeId>();
        }
    }
}
