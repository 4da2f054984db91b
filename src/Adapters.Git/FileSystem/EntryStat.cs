using System.Buffers.Binary;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// What a git index keeps of a file's status (<c>struct statx</c>, read by <see cref="Folder.Stat"/>):
/// enough to tell a file changed since it was written, as git tells it.
/// </summary>
internal readonly record struct EntryStat(
    uint Mode, ulong Inode, uint Device, uint Uid, uint Gid, ulong Size, long ChangedSeconds, uint ChangedNanoseconds, long ModifiedSeconds, uint ModifiedNanoseconds)
{
    private const uint TypeMask = 0xF000;

    public bool IsFile => (Mode & TypeMask) == 0x8000;

    public bool IsLink => (Mode & TypeMask) == 0xA000;

    public bool IsFolder => (Mode & TypeMask) == 0x4000;

    /// <summary>The same file, unchanged since <paramref name="recorded"/> was taken: inode, size and modification time (not the change time, which a new hard link moves).</summary>
    public bool Unchanged(EntryStat recorded) =>
        Inode == recorded.Inode && Size == recorded.Size && ModifiedSeconds == recorded.ModifiedSeconds && ModifiedNanoseconds == recorded.ModifiedNanoseconds;

    public static EntryStat Read(ReadOnlySpan<byte> statx)
    {
        var major = BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]);
        var minor = BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        return new EntryStat(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]),
            // glibc's makedev, cut to 32 bits as git stores it.
            Device: ((major & 0xFFF) << 8) | ((minor & 0xFFFFFF00) << 12) | (minor & 0xFF),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(statx[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(statx[24..]),
            Size: BinaryPrimitives.ReadUInt64LittleEndian(statx[40..]),
            ChangedSeconds: BinaryPrimitives.ReadInt64LittleEndian(statx[96..]),
            ChangedNanoseconds: BinaryPrimitives.ReadUInt32LittleEndian(statx[104..]),
            ModifiedSeconds: BinaryPrimitives.ReadInt64LittleEndian(statx[112..]),
            ModifiedNanoseconds: BinaryPrimitives.ReadUInt32LittleEndian(statx[120..]));
    }
}
