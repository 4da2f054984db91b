using System.Runtime.InteropServices;
using System.Text;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// An open folder whose entries are read, opened and removed relative to it, by name, never
/// through a symbolic link: an entry that is a link is opened as nothing and removed as a link,
/// whatever it points to, even if it was swapped in after it was read. A name is the bytes Linux
/// has, which need not be UTF-8: here it is a string of Latin-1 chars, one char per byte, so that
/// no name is ever lost or confused with another in a .NET string.
/// </summary>
/// <remarks>
/// Relies on 64-bit Linux (the layout of <c>struct dirent</c>, <see cref="Libc"/>). Pinned against
/// the git CLI through its users: <c>LibGit2CheckoutsLinkTests</c>, <c>LibGit2CheckoutsNonUtf8Tests</c>,
/// <c>LibGit2CheckoutsLikeGitTests</c>.
/// </remarks>
internal sealed unsafe partial class Folder : IDisposable
{
    private const int NameMax = 255;
    private int fd;

    private Folder(int fd, string shown) => (this.fd, Shown) = (fd, shown);

    /// <summary>The folder's path as a person reads it (bytes that are not UTF-8 shown as U+FFFD), for messages.</summary>
    public string Shown { get; }

    /// <summary>Opens the folder at <paramref name="path"/>, links in the path followed, as any path given by configuration is.</summary>
    public static Folder Open(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes) fd = Libc.Open(p, Libc.OpenReadOnly | Libc.OpenDirectory | Libc.OpenCloseOnExec, 0);
        return fd >= 0 ? new Folder(fd, path) : throw Failure("open", path, Marshal.GetLastPInvokeError());
    }

    /// <summary>The entry <paramref name="name"/> opened as a folder; nothing when it is not one (a link to one included) or is gone.</summary>
    public Folder? OpenFolder(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int child;
        fixed (byte* p = Terminated(name, bytes))
            child = Libc.OpenAt(fd, p, Libc.OpenReadOnly | Libc.OpenDirectory | Libc.OpenNoFollow | Libc.OpenCloseOnExec, 0);
        if (child >= 0) return new Folder(child, ShownChild(name));
        var error = Marshal.GetLastPInvokeError();
        return error is Libc.NoEntry or Libc.NotADirectory or Libc.TooManyLinks ? null : throw Failure("open", ShownChild(name), error);
    }

    /// <summary>
    /// The folder at <paramref name="path"/> (<c>/</c>-separated, relative), no link followed on the
    /// way; nothing when there is none, or, with <paramref name="make"/>, the folders made that are missing.
    /// </summary>
    public Folder? OpenPath(string path, bool make)
    {
        var slash = path.IndexOf('/');
        var name = path.AsSpan(0, slash >= 0 ? slash : path.Length);
        if (make) MakeFolder(name);
        var folder = OpenFolder(name);
        if (slash < 0 || folder is null) return folder;
        using (folder) return folder.OpenPath(path[(slash + 1)..], make);
    }

    /// <summary>Makes the folder <paramref name="name"/> unless there is an entry of that name already.</summary>
    public void MakeFolder(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int result;
        fixed (byte* p = Terminated(name, bytes)) result = Libc.MakeDirectoryAt(fd, p, 0x1FF);
        var error = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (error is not (0 or Libc.AlreadyExists)) throw Failure("make", ShownChild(name), error);
    }

    /// <summary>The folder's entries, each with its kind (asked for when the directory stream did not say).</summary>
    public List<(string Name, EntryKind Kind)> List()
    {
        var entries = new List<(string Name, EntryKind Kind)>();
        foreach (var entry in Read()) entries.Add((Names.Of(entry.Name), entry.Kind));
        return Resolved(entries);
    }

    /// <summary><paramref name="entries"/> of this folder, each kind the directory stream did not give asked for (some file systems never give one).</summary>
    public List<(string Name, EntryKind Kind)> Resolved(List<(string Name, EntryKind Kind)> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Kind == EntryKind.Unknown) entries[i] = (entries[i].Name, KindOf(entries[i].Name));
        }
        return entries;
    }

    /// <summary>Moves the entry <paramref name="name"/> to <paramref name="to"/> as <paramref name="newName"/>, replacing nothing but an empty folder.</summary>
    public void Move(ReadOnlySpan<char> name, Folder to, ReadOnlySpan<char> newName)
    {
        Span<byte> from = stackalloc byte[NameMax + 1];
        Span<byte> into = stackalloc byte[NameMax + 1];
        int result;
        fixed (byte* f = Terminated(name, from))
        fixed (byte* t = Terminated(newName, into))
            result = Libc.RenameAt(fd, f, to.fd, t);
        if (result != 0) throw Failure("move", ShownChild(name), Marshal.GetLastPInvokeError());
    }

    /// <summary>The folder's entries but <c>.</c> and <c>..</c>, as its directory stream gives them.</summary>
    public Entries Read()
    {
        var copy = Libc.Duplicate(fd);
        if (copy < 0) throw Failure("read", Shown, Marshal.GetLastPInvokeError());
        var stream = Libc.OpenDirectoryStream(copy);
        if (stream == IntPtr.Zero)
        {
            var error = Marshal.GetLastPInvokeError();
            Libc.Close(copy);
            throw Failure("read", Shown, error);
        }
        // The copy shares the folder's read position: from the start, however often the folder is read.
        Libc.RewindDirectory(stream);
        return new Entries(stream, this);
    }

    /// <summary>Whether there is an entry <paramref name="name"/> of any kind, a dangling link included.</summary>
    public bool Has(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        fixed (byte* p = Terminated(name, bytes)) return Libc.AccessAt(fd, p, Libc.Exists, Libc.AtSymlinkNoFollow) == 0;
    }

    /// <summary>What <paramref name="name"/> is, found out by asking: for entries the directory stream gives no kind.</summary>
    public EntryKind KindOf(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        byte target;
        fixed (byte* p = Terminated(name, bytes))
        {
            if (Libc.ReadLinkAt(fd, p, &target, 1) >= 0) return EntryKind.Link;
        }
        using var folder = OpenFolder(name);
        return folder is null ? EntryKind.Other : EntryKind.Folder;
    }

    /// <summary>Removes the entry <paramref name="name"/> that is not a folder (a link to one included); one already gone is fine.</summary>
    public void RemoveFile(ReadOnlySpan<char> name) => Unlink(name, 0);

    /// <summary>Removes the empty folder <paramref name="name"/>.</summary>
    public void RemoveFolder(ReadOnlySpan<char> name) => Unlink(name, Libc.AtRemoveDirectory);

    public void Dispose()
    {
        if (fd >= 0) Libc.Close(fd);
        fd = -1;
    }

    private void Unlink(ReadOnlySpan<char> name, int flags)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int result;
        fixed (byte* p = Terminated(name, bytes)) result = Libc.UnlinkAt(fd, p, flags);
        var error = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (error is not (0 or Libc.NoEntry)) throw Failure("remove", ShownChild(name), error);
    }

    private string ShownChild(ReadOnlySpan<char> name) => $"{Shown}/{Names.Shown(name)}";

    private static Span<byte> Terminated(ReadOnlySpan<char> name, Span<byte> buffer)
    {
        if (name.Length > NameMax) throw new IOException($"a name of {name.Length} bytes is longer than a folder entry's can be");
        Encoding.Latin1.GetBytes(name, buffer);
        buffer[name.Length] = 0;
        return buffer[..(name.Length + 1)];
    }

    private static Exception Failure(string what, string path, int error)
    {
        var message = $"cannot {what} {path}: {Marshal.GetPInvokeErrorMessage(error)}";
        return error is Libc.AccessDenied or Libc.NotPermitted ? new UnauthorizedAccessException(message) : new IOException(message);
    }

    /// <summary>A directory stream, read with <c>foreach</c>; each entry's name lives until the next one is read.</summary>
    public ref struct Entries
    {
        private readonly Folder folder;
        private IntPtr stream;
        private Entry current;

        internal Entries(IntPtr stream, Folder folder) => (this.stream, this.folder) = (stream, folder);

        public readonly Entries GetEnumerator() => this;

        public readonly Entry Current => current;

        public bool MoveNext()
        {
            while (true)
            {
                var entry = (byte*)Libc.ReadDirectory(stream);
                if (entry is null)
                {
                    var error = Marshal.GetLastPInvokeError();
                    return error == 0 ? false : throw Failure("read", folder.Shown, error);
                }
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + Libc.DirentNameOffset);
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                current = new Entry(name, entry[Libc.DirentTypeOffset] switch
                {
                    Libc.TypeDirectory => EntryKind.Folder,
                    Libc.TypeLink => EntryKind.Link,
                    Libc.TypeUnknown => EntryKind.Unknown,
                    _ => EntryKind.Other,
                });
                return true;
            }
        }

        public void Dispose()
        {
            if (stream != IntPtr.Zero) Libc.CloseDirectoryStream(stream);
            stream = IntPtr.Zero;
        }
    }
}

/// <summary>One entry of a directory stream: its name's bytes and its kind.</summary>
internal readonly ref struct Entry(ReadOnlySpan<byte> name, EntryKind kind)
{
    public ReadOnlySpan<byte> Name { get; } = name;

    public EntryKind Kind { get; } = kind;
}

/// <summary>What an entry is, as far as a walk that never follows a link needs to know.</summary>
internal enum EntryKind
{
    /// <summary>The directory stream did not say: ask <see cref="Folder.KindOf"/>.</summary>
    Unknown,
    Folder,
    Link,

    /// <summary>A file, or anything else that is neither a folder nor a link.</summary>
    Other,
}
