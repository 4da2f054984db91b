using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The modification times and sizes of the files that say what a checkout registers: <c>.git/HEAD</c>
/// (the branch, or a detached commit), <c>.git/config</c> (origin), the branch's loose ref and
/// <c>packed-refs</c> (HEAD's commit); and whose the folder and its <c>.git</c> are, when another
/// user's (git refuses those, and a <c>chown</c> moves no modification time). Found again equal, the
/// checkout registers as it did.
/// </summary>
/// <remarks>
/// Relies on git and libgit2 writing each of these files through a new file renamed into place,
/// which moves its modification time. A file system stamps times coarsely (a few milliseconds), so
/// a stamp with a file changed within <see cref="Settle"/> of it being taken is never trusted, as
/// git does with its index. A <c>.git</c> file (a worktree, a submodule) gives no stamp: such a
/// checkout is read every time. Pinned by <c>LibGit2CheckoutCatalogTests</c>.
/// </remarks>
internal sealed record CheckoutStamp(string Files)
{
    /// <summary>How old every stamped file must be for the stamp to be trusted.</summary>
    public static TimeSpan Settle => HeadFile.Settle;

    /// <summary>The stamp of the checkout at <paramref name="path"/> as it is now, when one can be trusted at <paramref name="now"/>.</summary>
    public static Option<CheckoutStamp> Of(string path, DateTime now)
    {
        var git = Path.Combine(path, ".git");
        if (!Directory.Exists(git)) return None;
        var files = new List<FileInfo> { new(Path.Combine(git, "HEAD")), new(Path.Combine(git, "config")), new(Path.Combine(git, "packed-refs")) };
        // A detached HEAD, or a name that is not a branch git would write, is stamped by HEAD itself.
        foreach (var branch in HeadFile.Branch(git)) files.Add(new FileInfo(Path.Combine(git, "refs", "heads", branch)));
        var text = new StringBuilder();
        foreach (var file in files)
        {
            if (file.Exists && now - file.LastWriteTimeUtc < Settle) return None;
            text.Append(file.Exists ? $"{file.LastWriteTimeUtc.Ticks}:{file.Length};" : "-;");
        }
        text.Append(ForeignOwnership.Of(path).Match(owner => $"owner {owner.Owner}", () => "own"));
        return new CheckoutStamp(text.ToString());
    }
}
