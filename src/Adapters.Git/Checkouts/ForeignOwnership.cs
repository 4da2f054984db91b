using GitReload.Adapters.Git.FileSystem;
using GitReload.Domain.Checkouts;
using LanguageExt;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Whose a checkout folder is, when not this process's user's: libgit2, like git, refuses a checkout or
/// <c>.git</c> owned by another user (unless <c>safe.directory</c> allows it). Asked only once libgit2 has
/// refused a folder, to say why. Pinned by <c>LibGit2CheckoutsOwnershipTests</c>.
/// </summary>
internal static class ForeignOwnership
{
    /// <summary>The other user owning the folder at <paramref name="path"/> or its <c>.git</c>; none when both are this user's or cannot be looked at.</summary>
    public static Option<ForeignOwner> Of(string path)
    {
        var service = Libc.EffectiveUserId();
        // The folder itself is looked at from REPODIR: one that another user keeps to itself (mode 700) cannot be opened.
        return Looked(Path.GetDirectoryName(path.TrimEnd('/'))!, Path.GetFileName(path.TrimEnd('/')), service)
            | Looked(path, ".git", service);
    }

    private static Option<ForeignOwner> Looked(string folder, string name, uint service)
    {
        try
        {
            using var opened = Folder.Open(folder);
            return opened.Stat(name).Filter(s => s.Uid != service).Map(s => new ForeignOwner(s.Uid, service));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Option<ForeignOwner>.None;
        }
    }
}
