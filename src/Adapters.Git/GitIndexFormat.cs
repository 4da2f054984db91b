namespace GitReload.Adapters.Git;

/// <summary>
/// The fixed layout of a git index entry (versions 2 to 4, SHA-1) and git's file modes, shared by the
/// index readers (<c>Checkouts/IndexFile</c>, <c>Publishing/TreeIndex</c>) and the tree writers
/// (<c>Publishing/TreeBuilder</c>, <c>Publishing/TreeReuse</c>). As git's <c>Documentation/gitformat-index</c> says.
/// </summary>
internal static class GitIndexFormat
{
    /// <summary>Bytes of an object id (SHA-1).</summary>
    public const int HashSize = 20;

    /// <summary>Bytes before an entry's path: ten 32-bit stat fields and mode, the id, the 16-bit flags.</summary>
    public const int FixedEntrySize = 40 + HashSize + 2;

    /// <summary>The flag bit saying 16 more bits of flags follow (version 3 and later).</summary>
    public const ushort ExtendedFlag = 0x4000;

    /// <summary>The flag bits giving the path's length (0xFFF meaning "this long or longer").</summary>
    public const int NameLengthMask = 0x0FFF;

    /// <summary>Where in an entry its 32-bit mode is.</summary>
    public const int ModeOffset = 24;

    /// <summary>The mode bits giving an entry's type.</summary>
    public const uint TypeMask = 0xF000;

    /// <summary>The type of a regular file.</summary>
    public const uint RegularFile = 0x8000;

    /// <summary>The type of a symbolic link.</summary>
    public const uint SymbolicLink = 0xA000;

    /// <summary>The type of a submodule (a gitlink).</summary>
    public const uint Gitlink = 0xE000;

    /// <summary>The mode bit of an executable file (git keeps 0755 or 0644).</summary>
    public const uint OwnerExecutes = 0x40;
}
