using System.Buffers.Binary;
using System.Security.Cryptography;
using GitReload.Adapters.Git.FileSystem;
using LanguageExt;
using static LanguageExt.Prelude;
using static GitReload.Adapters.Git.GitIndexFormat;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// A git index file of versions 2 and 3 (SHA-1), as libgit2 writes one for a tree: its entries'
/// paths (<see cref="Names"/>, bytes kept), modes, object ids and recorded status, which
/// <see cref="Record"/> sets to a file's real status before <see cref="Save"/> writes the file again with
/// its checksum. A tree's index is both git's (<c>git status</c> in it is clean) and GitReload's record
/// of what it wrote, to tell later whether a file changed.
/// </summary>
/// <remarks>
/// Relies on: every entry starts with 62 fixed bytes (the status, mode and id at fixed places) and the
/// entries come first, in git's order (byte order of the paths). Anything else gives nothing. Pinned
/// against the git CLI by <c>AtomicCheckoutsTests</c> (<c>git status</c> and <c>git diff-files</c> in a tree).
/// </remarks>
internal sealed class TreeIndex
{

    private readonly byte[] bytes;

    private TreeIndex(byte[] bytes, List<Entry> entries) => (this.bytes, Entries) = (bytes, entries);

    /// <summary>One entry: where it starts in the file, and its path.</summary>
    public readonly record struct Entry(int Offset, string Path);

    /// <summary>The entries, in the file's order.</summary>
    public List<Entry> Entries { get; }

    /// <summary>The index at <paramref name="file"/>; nothing when it is missing or of a kind this reader does not take.</summary>
    public static Option<TreeIndex> Read(string file)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
        return Parse(content);
    }

    internal static Option<TreeIndex> Parse(byte[] content)
    {
        if (content.Length < 12 + HashSize || !content.AsSpan(0, 4).SequenceEqual("DIRC"u8)) return None;
        var version = BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(8));
        if (version is not (2 or 3) || count > int.MaxValue) return None;
        var end = content.Length - HashSize;
        var entries = new List<Entry>((int)count);
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            if (at + FixedEntrySize > end) return None;
            var flags = BinaryPrimitives.ReadUInt16BigEndian(content.AsSpan(at + FixedEntrySize - 2));
            var name = at + FixedEntrySize + ((flags & ExtendedFlag) != 0 ? 2 : 0);
            if ((flags & ExtendedFlag) != 0 && version < 3) return None;
            var length = content.AsSpan(name, end - name).IndexOf((byte)0);
            if (length <= 0 || ((flags & NameLengthMask) != NameLengthMask && (flags & NameLengthMask) != length)) return None;
            // Stage 0 only: a tree's index holds no conflict.
            if ((flags & 0x3000) != 0) return None;
            entries.Add(new Entry(at, Names.Of(content.AsSpan(name, length))));
            // 1 to 8 NUL bytes pad each entry to a multiple of 8.
            at += (name - at + length + 8) & ~7;
        }
        return new TreeIndex(content, entries);
    }

    /// <summary>The entry's git mode: 100644, 100755, 120000 (a link) or 160000 (a submodule).</summary>
    public uint Mode(Entry entry) => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(entry.Offset + ModeOffset));

    /// <summary>The entry's object id.</summary>
    public ReadOnlySpan<byte> Id(Entry entry) => bytes.AsSpan(entry.Offset + 40, HashSize);

    /// <summary>The status recorded for the entry (the low 32 bits of each field, as git keeps them).</summary>
    public EntryStat Recorded(Entry entry)
    {
        var at = bytes.AsSpan(entry.Offset);
        return new EntryStat(
            Mode(entry), BinaryPrimitives.ReadUInt32BigEndian(at[20..]), BinaryPrimitives.ReadUInt32BigEndian(at[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(at[28..]), BinaryPrimitives.ReadUInt32BigEndian(at[32..]), BinaryPrimitives.ReadUInt32BigEndian(at[36..]),
            BinaryPrimitives.ReadUInt32BigEndian(at), BinaryPrimitives.ReadUInt32BigEndian(at[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(at[8..]), BinaryPrimitives.ReadUInt32BigEndian(at[12..]));
    }

    /// <summary>Whether <paramref name="now"/> is the status recorded for <paramref name="entry"/>, compared as git keeps it (32 bits a field).</summary>
    public bool Unchanged(Entry entry, EntryStat now) => Recorded(entry).Unchanged(Cut(now));

    /// <summary>Records <paramref name="stat"/> as the entry's status; its mode stays git's.</summary>
    public void Record(Entry entry, EntryStat stat)
    {
        var at = bytes.AsSpan(entry.Offset);
        BinaryPrimitives.WriteUInt32BigEndian(at, (uint)stat.ChangedSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], stat.ChangedNanoseconds);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], (uint)stat.ModifiedSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(at[12..], stat.ModifiedNanoseconds);
        BinaryPrimitives.WriteUInt32BigEndian(at[16..], stat.Device);
        BinaryPrimitives.WriteUInt32BigEndian(at[20..], (uint)stat.Inode);
        BinaryPrimitives.WriteUInt32BigEndian(at[28..], stat.Uid);
        BinaryPrimitives.WriteUInt32BigEndian(at[32..], stat.Gid);
        BinaryPrimitives.WriteUInt32BigEndian(at[36..], (uint)stat.Size);
    }

    /// <summary>
    /// Whether <paramref name="other"/> holds the same <c>.gitattributes</c> files as this index: only then
    /// is a file of the same blob and mode checked out to the same bytes (line endings, filters).
    /// </summary>
    public bool SameAttributes(TreeIndex other)
    {
        static Dictionary<string, string> Of(TreeIndex index) => index.Entries
            .Where(e => e.Path == ".gitattributes" || e.Path.EndsWith("/.gitattributes", StringComparison.Ordinal))
            .ToDictionary(e => e.Path, e => $"{index.Mode(e)} {Convert.ToHexString(index.Id(e))}", StringComparer.Ordinal);
        var (mine, theirs) = (Of(this), Of(other));
        return mine.Count == theirs.Count && mine.All(pair => theirs.TryGetValue(pair.Key, out var id) && id == pair.Value);
    }

    /// <summary>Writes the index to <paramref name="file"/> with a new checksum, through a lock file renamed over it, as git does.</summary>
    public void Save(string file)
    {
        SHA1.HashData(bytes.AsSpan(0, bytes.Length - HashSize), bytes.AsSpan(bytes.Length - HashSize));
        var temporary = file + ".lock";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, file, overwrite: true);
    }

    private static EntryStat Cut(EntryStat stat) => stat with
    {
        Inode = (uint)stat.Inode,
        Size = (uint)stat.Size,
        ChangedSeconds = (uint)stat.ChangedSeconds,
        ModifiedSeconds = (uint)stat.ModifiedSeconds,
    };
}
