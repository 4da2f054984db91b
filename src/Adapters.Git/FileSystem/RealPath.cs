using System.Runtime.InteropServices;
using System.Text;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// Where a path really is: absolute, every link in it resolved (<c>realpath</c>). Pinned by
/// <c>Update_through_a_linked_repodir_still_sees_who_holds_a_lock</c> and the checkout-folder cases of <c>LibGit2CheckoutsLinkTests</c>.
/// </summary>
internal static unsafe class RealPath
{
    /// <summary>The resolved path; nothing when some part of it does not exist or cannot be read.</summary>
    public static Option<string> Of(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        IntPtr resolved;
        fixed (byte* p = bytes) resolved = Libc.RealPath(p, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return None;
        try
        {
            return Optional(Marshal.PtrToStringUTF8(resolved));
        }
        finally
        {
            Libc.Free(resolved);
        }
    }
}
