using System.Runtime.InteropServices;
using System.Text;

namespace GitReload.Adapters.Git.FileSystem;

/// <summary>
/// What this process's user finds at a folder such as <c>REPODIR</c>: one it may list and enter, none
/// (<c>ENOENT</c>), a file in its place, or one it is kept out of (<c>EACCES</c>, on the folder or on a folder above it).
/// <see cref="Directory.Exists(string)"/> answers false for both of the last two; the one place that tells them apart.
/// </summary>
public abstract record FolderReach
{
    private FolderReach() { }

    /// <summary>The folder is there and this user may read and search it.</summary>
    public sealed record Readable : FolderReach;

    /// <summary>Nothing is there, or a folder above it is missing (or is a file).</summary>
    public sealed record Missing : FolderReach;

    /// <summary>A file is there, not a folder.</summary>
    public sealed record NotAFolder : FolderReach;

    /// <summary>The user <paramref name="User"/> (this process's) may not read or search the folder, or may not search a folder above it (permission denied).</summary>
    public sealed record Denied(uint User) : FolderReach;

    /// <summary>Another error of the system (<paramref name="Why"/>: an I/O error, a loop of links).</summary>
    public sealed record Failed(string Why) : FolderReach;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Readable, T> readable, Func<Missing, T> missing, Func<NotAFolder, T> notAFolder, Func<Denied, T> denied, Func<Failed, T> failed) => this switch
    {
        Readable r => readable(r),
        Missing m => missing(m),
        NotAFolder n => notAFolder(n),
        Denied d => denied(d),
        Failed f => failed(f),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private const int AtCurrentFolder = -100;
    private const int AtEffectiveIds = 0x200;
    private const int ReadAndSearch = 4 | 1;

    /// <summary>What this process's (effective) user finds at <paramref name="path"/>, asked of the kernel with <c>faccessat</c>.</summary>
    public static unsafe FolderReach Of(string path)
    {
        // The trailing slash makes a file answer ENOTDIR: only a folder is reachable.
        var bytes = Encoding.UTF8.GetBytes(path.TrimEnd('/') + "/\0");
        int result;
        fixed (byte* p = bytes) result = Libc.AccessAt(AtCurrentFolder, p, ReadAndSearch, AtEffectiveIds);
        if (result == 0) return new Readable();
        return Marshal.GetLastPInvokeError() switch
        {
            Libc.NoEntry => new Missing(),
            // ENOTDIR also answers a file above the folder; only the path itself being there tells a file in its place.
            Libc.NotADirectory => File.Exists(path.TrimEnd('/')) ? new NotAFolder() : new Missing(),
            Libc.AccessDenied or Libc.NotPermitted => new Denied(Libc.EffectiveUserId()),
            _ => new Failed(Marshal.GetLastPInvokeErrorMessage()),
        };
    }
}
