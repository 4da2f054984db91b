using System.Runtime.InteropServices;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>The calls that build, swap and look at the trees of checkouts published atomically.</summary>
internal static unsafe partial class Libc
{
    public const int OpenWriteOnly = 0x1;
    public const int OpenCreate = 0x40;
    public const int OpenExclusive = 0x80;
    public const int OpenNonBlocking = 0x800;
    public const int RenameExchange = 0x2;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7FF;
    public const int StatxSize = 256;

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true)]
    public static partial int LinkAt(int fromFolder, byte* fromName, int toFolder, byte* toName, int flags);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    public static partial int SymbolicLinkAt(byte* target, int folder, byte* name);

    // glibc 2.28 and later; the kernel's since 3.15 (ext4, xfs, btrfs, tmpfs).
    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    public static partial int RenameAt2(int fromFolder, byte* fromName, int toFolder, byte* toName, uint flags);

    // struct statx has one layout on every architecture, unlike struct stat.
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int folder, byte* name, int flags, uint mask, byte* buffer);
}
