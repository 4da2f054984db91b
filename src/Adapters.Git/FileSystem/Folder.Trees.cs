using System.Runtime.InteropServices;
using System.Text;
using LanguageExt;
using Microsoft.Win32.SafeHandles;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>What building, checking and swapping the trees of checkouts published atomically needs of a folder: still by name, never through a link.</summary>
internal sealed unsafe partial class Folder
{
    /// <summary>The status of the entry <paramref name="name"/> itself (a link as a link); nothing when it is gone.</summary>
    public Option<EntryStat> Stat(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        Span<byte> buffer = stackalloc byte[Libc.StatxSize];
        int result;
        fixed (byte* p = Terminated(name, bytes))
        fixed (byte* b = buffer)
            result = Libc.Statx(fd, p, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, b);
        if (result == 0) return EntryStat.Read(buffer);
        var error = Marshal.GetLastPInvokeError();
        return error is Libc.NoEntry or Libc.NotADirectory ? None : throw Failure("look at", ShownChild(name), error);
    }

    /// <summary>The status of the open file <paramref name="file"/>.</summary>
    public static EntryStat StatOf(SafeFileHandle file)
    {
        Span<byte> buffer = stackalloc byte[Libc.StatxSize];
        byte empty = 0;
        int result;
        fixed (byte* b = buffer)
            result = Libc.Statx((int)file.DangerousGetHandle(), &empty, Libc.AtEmptyPath, Libc.StatxBasicStats, b);
        return result == 0 ? EntryStat.Read(buffer) : throw Failure("look at", "an open file", Marshal.GetLastPInvokeError());
    }

    /// <summary>Makes <paramref name="name"/> here a new hard link to <paramref name="source"/>'s entry of the same name (a link is linked as a link).</summary>
    public void LinkFrom(Folder source, ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int result;
        fixed (byte* p = Terminated(name, bytes)) result = Libc.LinkAt(source.fd, p, fd, p, 0);
        if (result != 0) throw Failure("link", ShownChild(name), Marshal.GetLastPInvokeError());
    }

    /// <summary>Creates the file <paramref name="name"/>, which must not exist, for writing; executable or not, as the umask allows.</summary>
    public SafeFileHandle CreateFile(ReadOnlySpan<char> name, bool executable)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int file;
        fixed (byte* p = Terminated(name, bytes))
            file = Libc.OpenAt(fd, p, Libc.OpenWriteOnly | Libc.OpenCreate | Libc.OpenExclusive | Libc.OpenNoFollow | Libc.OpenCloseOnExec, executable ? 0x1FF : 0x1B6);
        return file >= 0 ? new SafeFileHandle(file, ownsHandle: true) : throw Failure("create", ShownChild(name), Marshal.GetLastPInvokeError());
    }

    /// <summary>Creates the file <paramref name="name"/>, which must not exist, holding <paramref name="text"/> (UTF-8).</summary>
    public void WriteNewFile(ReadOnlySpan<char> name, string text)
    {
        using var file = CreateFile(name, executable: false);
        RandomAccess.Write(file, Encoding.UTF8.GetBytes(text), 0);
    }

    /// <summary>Creates the symbolic link <paramref name="name"/> to <paramref name="target"/> (its bytes, as they are).</summary>
    public void MakeLink(ReadOnlySpan<char> name, ReadOnlySpan<byte> target)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        var terminated = new byte[target.Length + 1];
        target.CopyTo(terminated);
        int result;
        fixed (byte* p = Terminated(name, bytes))
        fixed (byte* t = terminated)
            result = Libc.SymbolicLinkAt(t, fd, p);
        if (result != 0) throw Failure("make the link", ShownChild(name), Marshal.GetLastPInvokeError());
    }

    /// <summary>Swaps the entries <paramref name="name"/> here and <paramref name="otherName"/> in <paramref name="other"/>, in one step (<c>RENAME_EXCHANGE</c>); each keeps its kind.</summary>
    public void Exchange(ReadOnlySpan<char> name, Folder other, ReadOnlySpan<char> otherName)
    {
        Span<byte> from = stackalloc byte[NameMax + 1];
        Span<byte> into = stackalloc byte[NameMax + 1];
        int result;
        fixed (byte* f = Terminated(name, from))
        fixed (byte* t = Terminated(otherName, into))
            result = Libc.RenameAt2(fd, f, other.fd, t, Libc.RenameExchange);
        if (result != 0) throw Failure("swap", ShownChild(name), Marshal.GetLastPInvokeError());
    }

    /// <summary>The regular file <paramref name="name"/> opened for reading; nothing when it is not one (a link, a pipe, a folder) or is gone.</summary>
    public SafeFileHandle? OpenFileToRead(ReadOnlySpan<char> name)
    {
        Span<byte> bytes = stackalloc byte[NameMax + 1];
        int file;
        // Non-blocking, so that a pipe standing there is not waited on; a regular file reads the same.
        fixed (byte* p = Terminated(name, bytes))
            file = Libc.OpenAt(fd, p, Libc.OpenReadOnly | Libc.OpenNoFollow | Libc.OpenCloseOnExec | Libc.OpenNonBlocking, 0);
        if (file < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is Libc.NoEntry or Libc.TooManyLinks or Libc.NotADirectory ? null : throw Failure("open", ShownChild(name), error);
        }
        var handle = new SafeFileHandle(file, ownsHandle: true);
        if (StatOf(handle).IsFile) return handle;
        handle.Dispose();
        return null;
    }
}
