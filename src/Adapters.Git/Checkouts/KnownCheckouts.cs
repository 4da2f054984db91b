using GitReload.Domain.Checkouts;
using LanguageExt;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// What libgit2 found in each checkout's config (a working tree of its own, origin's URL), kept
/// while the config file is unchanged, so that a push costs two small file reads instead of
/// opening the repository. HEAD, which says the branch, is read from its file on every push.
/// Each is known by its git folder: a checkout's <c>.git</c>, or the store of one published atomically.
/// </summary>
/// <remarks>
/// The config counts as unchanged while its modification time and size are: git rewrites it
/// through a new file, so any change moves both or at least the time. A file system stamps
/// times coarsely (a few milliseconds), so a config changed within <see cref="Settle"/> of being
/// read is not kept, as git does with its index. A config that includes other files is never kept.
/// HEAD is read by <see cref="HeadFile"/> (anything but a plain local branch is left to libgit2). Pinned against the
/// git CLI by <c>KnownCheckoutsLikeGitTests</c> (each way git leaves HEAD: slashes, UTF-8, packed,
/// unborn, detached, a tag, a remote-tracking ref) and <c>LibGit2CheckoutsKnownTests</c> (a change
/// made with git between two pushes is seen at the second); the bound by <c>KnownCheckoutsCapTests</c>.
/// </remarks>
internal sealed class KnownCheckouts(int maxKept)
{
    /// <summary>How old a config must be to be kept.</summary>
    public static TimeSpan Settle => HeadFile.Settle;

    private sealed record Known(DateTime ConfigWritten, long ConfigSize, Option<string> OriginUrl);

    // Bounded: past the cap it starts over (each checkout is then read with libgit2 once more).
    private readonly CappedMap<Known> known = new(maxKept);

    /// <summary>The checkout's state without libgit2, when its config is known and unchanged and HEAD reads plainly.</summary>
    public Option<CheckoutState> Read(string gitDir)
    {
        if (!known.TryGetValue(gitDir, out var checkout)) return None;
        var config = new FileInfo(Path.Combine(gitDir, "config"));
        if (!config.Exists || config.LastWriteTimeUtc != checkout.ConfigWritten || config.Length != checkout.ConfigSize) return None;
        return HeadFile.Branch(gitDir).Map(head => State(head, checkout.OriginUrl));
    }

    /// <summary>
    /// Keeps what libgit2 found (<paramref name="state"/>) for the config stamped <paramref name="config"/>
    /// before libgit2 read it, when reading the files the fast way gives the same state.
    /// </summary>
    public void Remember(string gitDir, FileInfo config, CheckoutState state, DateTime now)
    {
        if (state is not (CheckoutState.OnBranch or CheckoutState.NoOrigin)) return;
        Option<string> origin = state is CheckoutState.OnBranch onBranch ? Some(onBranch.OriginUrl) : Option<string>.None;
        if (!config.Exists || now - config.LastWriteTimeUtc < Settle || Includes(config)) return;
        // Exists + the record's Equals, not Option's ==: LanguageExt 4's == loads every type of
        // LanguageExt.Core to find an equality instance, 32 MB of type data for the process's life.
        if (!HeadFile.Branch(gitDir).Map(head => State(head, origin)).Exists(read => read.Equals(state))) return;
        known.Set(gitDir, new Known(config.LastWriteTimeUtc, config.Length, origin));
    }

    /// <summary>The most checkouts kept at once, unless told otherwise.</summary>
    public const int MaxKept = 20_000;

    /// <summary>How many checkouts are kept now.</summary>
    public int Count => known.Count;

    /// <summary>Forgets a checkout, so that it is read with libgit2 next time.</summary>
    public void Forget(string gitDir) => known.TryRemove(gitDir, out _);

    // Only checkouts on a branch are kept; a detached HEAD is read with libgit2 each time.
    private static CheckoutState State(string branch, Option<string> originUrl) =>
        originUrl.Match<CheckoutState>(url => new CheckoutState.OnBranch(branch, url), () => new CheckoutState.NoOrigin(branch));

    private static bool Includes(FileInfo config)
    {
        try
        {
            return File.ReadAllText(config.FullName).Contains("[include", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
