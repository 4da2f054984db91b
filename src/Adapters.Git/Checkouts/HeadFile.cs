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
/// Relies on: HEAD naming a local branch is the one line <c>ref: refs/heads/&lt;branch&gt;</c> and a newline
/// (git writes it so). Anything else names no branch here and is left to libgit2: a commit id, another ref,
/// no newline or a carriage return, and a name git would refuse to create (<c>git check-ref-format</c>: a
/// space, a control character, <c>~ ^ : ? * [ \</c>, <c>..</c>, <c>@{</c>, a part that is empty or starts
/// with a dot, one ending in <c>.lock</c>, a name ending in a dot), such as one that would climb out of
/// <c>refs/heads</c> or whose trailing blanks git itself would trim. Pinned against the git CLI by
/// <c>KnownCheckoutsLikeGitTests</c> and against libgit2 by <c>PlainCheckoutTests</c>.
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
        if (length is 0 or MaxHead || buffer[length - 1] != (byte)'\n') return None;
        var line = Encoding.UTF8.GetString(buffer[..(length - 1)]);
        if (!line.StartsWith(BranchPrefix, StringComparison.Ordinal)) return None;
        var branch = line[BranchPrefix.Length..];
        return IsBranchName(branch) ? Some(branch) : None;
    }

    // A name git would give a branch (the rules of git check-ref-format); a newline or a NUL fails it too.
    private static bool IsBranchName(string name)
    {
        if (name.Length == 0 || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal)) return false;
        foreach (var c in name)
            if (c < ' ' || c == '\u007f' || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\' or '\uFFFD') return false;
        foreach (var part in name.Split('/'))
            if (part.Length == 0 || part[0] == '.' || part.EndsWith(".lock", StringComparison.Ordinal)) return false;
        return true;
    }
}
