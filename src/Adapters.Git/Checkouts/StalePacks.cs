using GitReload.Adapters.Git.FileSystem;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Removes the temporary pack files (<c>objects/pack/pack_git2_*</c>) a libgit2 fetch killed mid-way
/// left in a checkout's git directory, and only those: one a process holds open belongs to a live
/// fetch, and one younger than <see cref="StaleLocks.Fresh"/> may belong to one that is starting.
/// Nothing else depends on it: a file that cannot be removed is left for the next update.
/// Relies on libgit2 naming the pack it receives <c>pack_git2_XXXXXX</c> (its indexer's mkstemp).
/// Pinned by <c>Update_removes_temporary_packs_a_killed_fetch_left_but_not_one_in_use_or_just_made</c>.
/// </summary>
internal static class StalePacks
{
    public static void Clear(string gitDir, DateTime nowUtc)
    {
        var packs = Path.Combine(RealPath.Of(gitDir).IfNone(() => Path.GetFullPath(gitDir)), "objects", "pack");
        if (!OpenFiles.CanTell || !Directory.Exists(packs)) return;
        var temporary = Directory.EnumerateFiles(packs, "pack_git2_*").Where(file => nowUtc - File.GetLastWriteTimeUtc(file) >= StaleLocks.Fresh).ToList();
        if (temporary.Count == 0) return;
        var held = OpenFiles.HeldAmong(temporary);
        foreach (var file in temporary.Where(file => !held.Contains(file)))
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next update; it costs only its disk space.
            }
        }
    }
}
