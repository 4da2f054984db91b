using System.Text;
using LanguageExt;
using Microsoft.Win32.SafeHandles;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Reads a checkout's <c>.git/HEAD</c> without libgit2: the one rule for the branch HEAD names, used by
/// <see cref="KnownCheckouts"/> (the branch of a kept checkout) and <see cref="CheckoutStamp"/> (the loose
/// ref to stamp).
/// </summary>
/// <remarks>
/// Relies on: HEAD naming a local branch is the one line <c>ref: refs/heads/&lt;branch&gt;</c> (git writes
/// it so); anything else (a commit id, another ref, a name with an empty, <c>.</c> or <c>..</c> part, which
/// git never writes and which would climb out of <c>refs/heads</c>) names no branch here and is left to
/// libgit2. Pinned against the git CLI by <c>KnownCheckoutsLikeGitTests</c>.
/// </remarks>
internal static class HeadFile
{
    /// <summary>
    /// How old a file must be for a read of it to be kept: a file system stamps times coarsely (a few
    /// milliseconds), so a file changed within this of being read is read again, as git does with its index.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private const string BranchPrefix = "ref: refs/heads/";

    // HEAD is one line: "ref: refs/heads/<branch>" or a commit id. Longer means something unusual.
    private const int MaxHead = 1024;

    /// <summary>The branch the HEAD file in <paramref name="gitDir"/> names, when it is a plain local branch.</summary>
    public static Option<string> Branch(string gitDir)
    {
        Span<byte> buffer = stackalloc byte[MaxHead];
        int length;
        try
        {
            // Shared every way: git replaces HEAD by renaming over it, and a shared open takes no advisory lock.
            using SafeFileHandle head = File.OpenHandle(Path.Combine(gitDir, "HEAD"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = RandomAccess.Read(head, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
        if (length is 0 or MaxHead) return None;
        var line = Encoding.UTF8.GetString(buffer[..length]).TrimEnd('\n', '\r');
        if (!line.StartsWith(BranchPrefix, StringComparison.Ordinal) || line.Contains('\n')) return None;
        var branch = line[BranchPrefix.Length..];
        return branch.Length == 0 || branch.Split('/').Any(part => part is "" or "." or "..") ? None : Some(branch);
    }
}
