using System.Runtime.InteropServices;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// The few Linux calls that work on a name as the bytes it is, relative to an open folder, without
/// following links. The constants are Linux's on x86-64 and arm64 (glibc and musl alike).
/// </summary>
internal static unsafe partial class Libc
{
    public const int OpenReadOnly = 0;
    public const int OpenDirectory = 0x10000;
    public const int OpenNoFollow = 0x20000;
    public const int OpenCloseOnExec = 0x80000;
    public const int AtRemoveDirectory = 0x200;
    public const int AtSymlinkNoFollow = 0x100;
    public const int Exists = 0;

    public const int NoEntry = 2;
    public const int AlreadyExists = 17;
    public const int NotPermitted = 1;
    public const int AccessDenied = 13;
    public const int NotADirectory = 20;
    public const int TooManyLinks = 40;
    public const int Invalid = 22;

    // struct dirent on 64-bit Linux (glibc and musl alike): d_ino, d_off, d_reclen, d_type, d_name.
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;
    public const byte TypeUnknown = 0;
    public const byte TypeDirectory = 4;
    public const byte TypeLink = 10;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int folder, byte* name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Duplicate(int fd);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial IntPtr OpenDirectoryStream(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static partial IntPtr ReadDirectory(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "rewinddir")]
    public static partial void RewindDirectory(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDirectoryStream(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(int folder, byte* name, int flags);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    public static partial int MakeDirectoryAt(int folder, byte* name, int mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true)]
    public static partial int RenameAt(int fromFolder, byte* fromName, int toFolder, byte* toName);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true)]
    public static partial int AccessAt(int folder, byte* name, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadLinkAt(int folder, byte* name, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true)]
    public static partial IntPtr RealPath(byte* path, IntPtr resolved);

    public const int StopSignal = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Signal(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint EffectiveUserId();

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(IntPtr pointer);
}
