using GitReload.Adapters.Git.FileSystem;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Copies a git folder (a checkout's <c>.git</c>, or the store of a checkout published atomically)
/// into an empty folder: the object files hard-linked, since git never changes one (it writes new
/// ones and deletes old ones), so no object is stored twice; everything else copied. Left out: the
/// index and linked worktrees (each copy has its own), submodules' repositories, lock files, and
/// links and anything that is not a file or folder. Never follows a link.
/// </summary>
internal static class GitDirCopy
{
    private static readonly HashSet<string> LeftOut = new(StringComparer.Ordinal) { "index", "worktrees", "modules" };

    public static void Copy(string from, Folder into, CancellationToken cancellationToken)
    {
        using var source = Folder.Open(from);
        CopyFolder(source, into, top: true, objects: false, cancellationToken);
    }

    private static void CopyFolder(Folder source, Folder into, bool top, bool objects, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (name, kind) in source.List())
        {
            if ((top && LeftOut.Contains(name)) || name.EndsWith(".lock", StringComparison.Ordinal)) continue;
            if (kind == EntryKind.Folder)
            {
                using var child = source.OpenFolder(name);
                if (child is null) continue;
                into.MakeFolder(name);
                using var copy = into.OpenFolder(name) ?? throw new IOException($"{into.Shown}/{Names.Shown(name)} could not be made a folder");
                CopyFolder(child, copy, top: false, objects || (top && name == "objects"), cancellationToken);
            }
            else if (kind == EntryKind.Other)
            {
                if (objects) into.LinkFrom(source, name);
                else CopyFile(source, into, name);
            }
        }
    }

    private static void CopyFile(Folder source, Folder into, string name)
    {
        using var read = source.OpenFileToRead(name);
        if (read is null) return;
        var executable = (Folder.StatOf(read).Mode & 0x49) != 0;
        using var write = into.CreateFile(name, executable);
        var buffer = new byte[64 * 1024];
        long at = 0;
        for (int n; (n = RandomAccess.Read(read, buffer, at)) > 0; at += n)
            RandomAccess.Write(write, buffer.AsSpan(0, n), at);
    }
}
