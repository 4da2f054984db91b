using GitReload.Adapters.Git.FileSystem;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;
using static GitReload.Adapters.Git.GitIndexFormat;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// Writes the files of a tree's index into a new, empty folder, and records each file's status in
/// the index. A file that a <see cref="BaseTree"/> holds with the same content and mode, unchanged
/// since that tree recorded it, under the same <c>.gitattributes</c>, is hard-linked from there instead of written: the trees of one
/// checkout share their unchanged files, as they share their objects. Anything else is written
/// from its blob, through the checkout filters git applies (line endings from <c>.gitattributes</c>).
/// </summary>
/// <remarks>
/// Relies on: a published tree is never written in place, by GitReload or anyone (a file that
/// changed anyway is written afresh, not linked, as its status tells); every folder is made and
/// opened by name relative to its parent, never through a link, and no path with an empty, <c>.</c>,
/// <c>..</c> or <c>.git</c> part is written, so nothing lands outside the folder; a tracked link is
/// made as a link and never followed. Pinned against the git CLI by <c>AtomicCheckoutsTests</c>
/// and <c>AtomicLinkTests</c>.
/// </remarks>
internal static class TreeBuilder
{
    private const int CopyBuffer = 64 * 1024;

    /// <summary>A tree to link unchanged files from: its folder and its index.</summary>
    public sealed record BaseTree(string Folder, TreeIndex Index);

    /// <summary>What a build did: files written, and files linked from the base.</summary>
    public readonly record struct Built(int Written, int Linked);

    /// <summary>
    /// Writes <paramref name="index"/>'s entries into <paramref name="into"/> with <paramref name="worktree"/>'s blobs, but
    /// those <paramref name="there"/> says are there already (by their place in the index), and records their status in
    /// <paramref name="index"/>. Nothing else may stand in <paramref name="into"/>.
    /// </summary>
    public static Built Build(Repository worktree, TreeIndex index, Folder into, Option<BaseTree> baseTree, Func<int, bool> there, CancellationToken cancellationToken)
    {
        // Other attributes may check the same blob out to other bytes: then nothing is linked.
        baseTree = baseTree.Filter(b => index.SameAttributes(b.Index));
        using var baseRoot = baseTree.Map(b => Folder.Open(b.Folder)).IfNoneUnsafe((Folder?)null);
        var baseEntries = baseTree.Match(b => b.Index.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal), () => []);
        var stack = new List<(string Name, Folder Here, Folder? There)>();
        var (written, linked) = (0, 0);
        try
        {
            for (var at = 0; at < index.Entries.Count; at++)
            {
                if ((at & 0xFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (there(at)) continue;
                var entry = index.Entries[at];
                var parts = entry.Path.Split('/');
                foreach (var part in parts) Refuse(part, entry.Path);
                var (here, inBase) = Enter(stack, parts, into, baseRoot);
                var name = parts[^1];
                var same = baseTree.Bind(b => baseEntries.TryGetValue(entry.Path, out var e) ? Some((Index: b.Index, Entry: e)) : None);
                if (inBase is not null && same.Exists(s => SameContent(index, entry, s.Index, s.Entry) && Unchanged(inBase, name, s.Index, s.Entry)))
                {
                    here.LinkFrom(inBase, name);
                    // Linking moved the file's change time: recorded after, so git finds the new tree clean.
                    index.Record(entry, here.Stat(name).IfNone(() => throw new IOException($"{Names.Shown(entry.Path)} vanished as it was linked")));
                    linked++;
                }
                else
                {
                    index.Record(entry, Write(worktree, index, entry, here, name));
                    written++;
                }
            }
        }
        finally
        {
            foreach (var level in stack)
            {
                level.Here.Dispose();
                level.There?.Dispose();
            }
        }
        return new Built(written, linked);
    }

    /// <summary>Whether every file of the tree at <paramref name="folder"/> is as <paramref name="index"/> recorded it, and nothing it holds is gone.</summary>
    public static bool Intact(string folder, TreeIndex index, CancellationToken cancellationToken)
    {
        using var root = Folder.Open(folder);
        var stack = new List<(string Name, Folder Here, Folder? There)>();
        try
        {
            foreach (var entry in index.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parts = entry.Path.Split('/');
                var here = Reach(stack, parts, root);
                if (here is null) return false;
                var type = index.Mode(entry) & TypeMask;
                var now = here.Stat(parts[^1]);
                if (now.IsNone) return false;
                if (type == RegularFile && !now.Exists(s => s.IsFile && index.Unchanged(entry, s))) return false;
                if (type == SymbolicLink && !now.Exists(s => s.IsLink)) return false;
            }
            return true;
        }
        finally
        {
            foreach (var level in stack) level.Here.Dispose();
        }
    }

    /// <summary>Writes again every file of the tree at <paramref name="root"/> that is not as <paramref name="index"/> recorded it (changed, gone, of another kind); returns how many.</summary>
    public static int Repair(Repository worktree, TreeIndex index, Folder root, CancellationToken cancellationToken)
    {
        var stack = new List<(string Name, Folder Here, Folder? There)>();
        var repaired = 0;
        try
        {
            foreach (var entry in index.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parts = entry.Path.Split('/');
                foreach (var part in parts) Refuse(part, entry.Path);
                var (here, _) = Enter(stack, parts, root, null);
                var name = parts[^1];
                var type = index.Mode(entry) & TypeMask;
                var now = here.Stat(name);
                if (type == Gitlink || (type == RegularFile && now.Exists(s => s.IsFile && index.Unchanged(entry, s))) || (type == SymbolicLink && now.Exists(s => s.IsLink)))
                    continue;
                foreach (var found in now)
                {
                    if (found.IsFolder) FolderTree.Remove(here, name, cancellationToken);
                    else here.RemoveFile(name);
                }
                index.Record(entry, Write(worktree, index, entry, here, name));
                repaired++;
            }
            return repaired;
        }
        finally
        {
            foreach (var level in stack) level.Here.Dispose();
        }
    }

    private static bool SameContent(TreeIndex index, TreeIndex.Entry entry, TreeIndex other, TreeIndex.Entry same) =>
        (index.Mode(entry) & TypeMask) == RegularFile && index.Mode(entry) == other.Mode(same) && index.Id(entry).SequenceEqual(other.Id(same));

    // A chmod of a shared file changes no time git compares but its mode.
    internal static bool Unchanged(Folder there, string name, TreeIndex baseIndex, TreeIndex.Entry same) =>
        there.Stat(name).Exists(now => now.IsFile && baseIndex.Unchanged(same, now) && ((now.Mode & OwnerExecutes) != 0) == ((baseIndex.Mode(same) & OwnerExecutes) != 0));

    internal static EntryStat Write(Repository worktree, TreeIndex index, TreeIndex.Entry entry, Folder here, string name)
    {
        var mode = index.Mode(entry);
        switch (mode & TypeMask)
        {
            case RegularFile:
            {
                var blob = Blob(worktree, index, entry);
                using var file = here.CreateFile(name, executable: (mode & 0x49) != 0);
                using var content = blob.GetContentStream(new FilteringOptions(Names.Shown(entry.Path)));
                var buffer = new byte[CopyBuffer];
                long at = 0;
                for (int read; (read = content.Read(buffer)) > 0; at += read)
                    RandomAccess.Write(file, buffer.AsSpan(0, read), at);
                return Folder.StatOf(file);
            }
            case SymbolicLink:
            {
                using var target = Blob(worktree, index, entry).GetContentStream();
                using var bytes = new MemoryStream();
                target.CopyTo(bytes);
                here.MakeLink(name, bytes.ToArray());
                return here.Stat(name).IfNone(() => throw new IOException($"{Names.Shown(entry.Path)} vanished as it was made"));
            }
            case Gitlink:
                // As a fresh worktree has it: an empty folder, no status recorded.
                here.MakeFolder(name);
                return default(EntryStat) with { Mode = mode };
            default:
                throw new IOException($"the commit holds {Names.Shown(entry.Path)} with mode {Convert.ToString(mode, 8)}, which GitReload does not check out");
        }
    }

    private static Blob Blob(Repository worktree, TreeIndex index, TreeIndex.Entry entry) =>
        worktree.Lookup<Blob>(new ObjectId(index.Id(entry).ToArray()))
            ?? throw new IOException($"the blob of {Names.Shown(entry.Path)} is missing from the repository");

    // The folders of `parts` (all but the last), made and opened below `root`, and the base tree's same folders when it has them.
    internal static (Folder Here, Folder? There) Enter(List<(string Name, Folder Here, Folder? There)> stack, string[] parts, Folder root, Folder? baseRoot)
    {
        var depth = Common(stack, parts);
        for (var i = depth; i < parts.Length - 1; i++)
        {
            var (parent, parentThere) = i == 0 ? (root, baseRoot) : (stack[i - 1].Here, stack[i - 1].There);
            parent.MakeFolder(parts[i]);
            var here = parent.OpenFolder(parts[i]) ?? throw new IOException($"{parent.Shown}/{Names.Shown(parts[i])} could not be made a folder");
            stack.Add((parts[i], here, parentThere?.OpenFolder(parts[i])));
        }
        return parts.Length == 1 ? (root, baseRoot) : (stack[^1].Here, stack[^1].There);
    }

    // The folder holding `parts` below `root`, or null when a folder on the way is missing or not a folder.
    private static Folder? Reach(List<(string Name, Folder Here, Folder? There)> stack, string[] parts, Folder root)
    {
        var depth = Common(stack, parts);
        for (var i = depth; i < parts.Length - 1; i++)
        {
            var parent = i == 0 ? root : stack[i - 1].Here;
            var here = parent.OpenFolder(parts[i]);
            if (here is null) return null;
            stack.Add((parts[i], here, null));
        }
        return parts.Length == 1 ? root : stack[^1].Here;
    }

    // How many of the open folders `parts` shares; the others are closed.
    private static int Common(List<(string Name, Folder Here, Folder? There)> stack, string[] parts)
    {
        var depth = 0;
        while (depth < stack.Count && depth < parts.Length - 1 && stack[depth].Name == parts[depth]) depth++;
        for (var i = stack.Count - 1; i >= depth; i--)
        {
            stack[i].Here.Dispose();
            stack[i].There?.Dispose();
            stack.RemoveAt(i);
        }
        return depth;
    }

    // git itself refuses such paths (verify_path); a crafted commit may still hold them.
    internal static void Refuse(string part, string path)
    {
        if (part.Length == 0 || part is "." or ".." || part.Equals(".git", StringComparison.OrdinalIgnoreCase))
            throw new IOException($"the commit holds the path {Names.Shown(path)}, which git would not check out; nothing was published");
    }
}
