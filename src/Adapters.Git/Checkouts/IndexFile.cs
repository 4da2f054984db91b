using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using GitReload.Adapters.Git.FileSystem;
using LanguageExt;
using static LanguageExt.Prelude;
using static GitReload.Adapters.Git.GitIndexFormat;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// The paths of a git index file (<c>.git/index</c>, versions 2 to 4, SHA-1), read straight from
/// its bytes, and which of them are symbolic links. LibGit2Sharp marshals every entry into objects
/// (path, id, mode...): on a 20,000-file checkout a median of 8 ms and megabytes to collect, against
/// 1 ms here (docs/BENCHMARKS.md). Anything this reader does not fully understand (another version
/// or hash size, a split or sparse index, an entry count other than libgit2's) gives nothing, and
/// the caller asks libgit2 instead.
/// </summary>
/// <remarks>
/// Relies on: a path is bytes, kept as a Latin-1 string (<see cref="Names"/>), never decoded, so a
/// name that is not UTF-8 is the same string here as in a folder listing. Pinned against git by
/// <c>IndexFileTests</c> (<c>git ls-files -z</c> on each version, non-UTF-8 names, links).
/// </remarks>
internal static class IndexFile
{

    /// <summary>Every path of the index, those that are symbolic links and those that are submodules (gitlinks), as <see cref="Names"/>.</summary>
    public sealed record Entries(List<string> Paths, List<string> Links, List<string> Gitlinks);

    public static Option<Entries> Paths(string file, int expectedCount)
    {
        // A pooled buffer: a 2 MB array each update would land on the large object heap and bring on full collections.
        byte[]? buffer = null;
        try
        {
            using var handle = File.OpenHandle(file);
            var length = RandomAccess.GetLength(handle);
            if (length > int.MaxValue) return None;
            buffer = ArrayPool<byte>.Shared.Rent((int)length);
            var read = 0;
            for (int n; read < length && (n = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read)) > 0;) read += n;
            return read == length ? Parse(buffer.AsSpan(0, read), expectedCount) : None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The file's trailing checksum in hex; nothing when it is missing, too short, or zero (<c>index.skipHash</c>).</summary>
    public static Option<string> Checksum(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (stream.Length < 12 + HashSize) return None;
            var checksum = new byte[HashSize];
            stream.Seek(-HashSize, SeekOrigin.End);
            stream.ReadExactly(checksum);
            return checksum.AsSpan().IndexOfAnyExcept((byte)0) < 0 ? None : Some(Convert.ToHexString(checksum));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
    }

    internal static Option<Entries> Parse(ReadOnlySpan<byte> bytes, int expectedCount)
    {
        if (bytes.Length < 12 + HashSize || !bytes[..4].SequenceEqual("DIRC"u8)) return None;
        var version = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
        if (version is < 2 or > 4 || count != expectedCount) return None;

        var paths = new List<string>((int)count);
        var links = new List<string>();
        var gitlinks = new List<string>();
        var body = bytes[..^HashSize];
        var at = 12;
        var previous = new byte[256];
        var previousLength = 0;
        for (var i = 0; i < count; i++)
        {
            if (at + FixedEntrySize > body.Length) return None;
            var flags = BinaryPrimitives.ReadUInt16BigEndian(body[(at + FixedEntrySize - 2)..]);
            var start = at;
            var type = BinaryPrimitives.ReadUInt32BigEndian(body[(at + ModeOffset)..]) & TypeMask;
            at += FixedEntrySize;
            if ((flags & ExtendedFlag) != 0)
            {
                if (version < 3) return None;
                at += 2;
            }
            if (at > body.Length) return None;
            if (version == 4)
            {
                if (!ReadVarint(body, ref at, out var strip) || strip > (ulong)previousLength) return None;
                var end = body[at..].IndexOf((byte)0);
                if (end < 0) return None;
                var keep = previousLength - (int)strip;
                var length = keep + end;
                if ((flags & NameLengthMask) is var nameLength && nameLength != NameLengthMask && nameLength != length) return None;
                if (length > previous.Length) System.Array.Resize(ref previous, Math.Max(length, previous.Length * 2));
                body.Slice(at, end).CopyTo(previous.AsSpan(keep));
                previousLength = length;
                paths.Add(Encoding.Latin1.GetString(previous, 0, length));
                if (type == SymbolicLink) links.Add(paths[^1]);
                else if (type == Gitlink) gitlinks.Add(paths[^1]);
                at += end + 1;
            }
            else
            {
                var end = body[at..].IndexOf((byte)0);
                if (end < 0) return None;
                var nameLength = flags & NameLengthMask;
                if (nameLength != NameLengthMask && nameLength != end) return None;
                paths.Add(Encoding.Latin1.GetString(body.Slice(at, end)));
                if (type == SymbolicLink) links.Add(paths[^1]);
                else if (type == Gitlink) gitlinks.Add(paths[^1]);
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                at = start + ((at - start + end + 8) & ~7);
                if (at > body.Length) return None;
            }
        }
        return Extensions(body[at..]) ? Some(new Entries(paths, links, gitlinks)) : None;
    }

    // The rest must be whole extensions, none of them one that changes what the entries mean.
    private static bool Extensions(ReadOnlySpan<byte> rest)
    {
        while (rest.Length > 0)
        {
            if (rest.Length < 8) return false;
            // A lowercase first letter marks an extension a reader must understand: "link" (split index), "sdir" (sparse index).
            if (rest[0] is < (byte)'A' or > (byte)'Z') return false;
            var size = BinaryPrimitives.ReadUInt32BigEndian(rest[4..]);
            if (size > (uint)(rest.Length - 8)) return false;
            rest = rest[(8 + (int)size)..];
        }
        return true;
    }

    // Git's offset varint (index v4): 7 bits a byte, most significant first, each continuation adding one.
    private static bool ReadVarint(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var first = true; at < bytes.Length; first = false)
        {
            var b = bytes[at++];
            value = first ? (ulong)(b & 0x7F) : ((value + 1) << 7) + (ulong)(b & 0x7F);
            if ((b & 0x80) == 0) return true;
            if (value > int.MaxValue) return false;
        }
        return false;
    }
}
