using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// Lists the checkouts under <c>REPODIR</c>: folders that are no checkout, whose name
/// no hook could carry, or that are links leading outside <c>REPODIR</c>, are left out. A checkout
/// published atomically shows what GitReload recorded for it, its published commit as HEAD, and the
/// commits it keeps for a rollback. A listing reads again only the checkouts whose
/// <see cref="CheckoutStamp"/> moved since they were last read; the others register as they did. A
/// checkout is read from its files (<see cref="PlainCheckout"/>) where they are plain, else with libgit2.
/// What it keeps is one entry per folder listed last time. Pinned by <c>LibGit2CheckoutCatalogTests</c>
/// and <c>AtomicCheckoutsTests</c>.
/// </summary>
public sealed class LibGit2CheckoutCatalog(GitCheckoutSettings settings) : ICheckoutCatalog
{
    private sealed record Known(CheckoutStamp Stamp, Option<RegisteredCheckout> Read);

    private readonly ConcurrentDictionary<string, Known> known = new(StringComparer.Ordinal);
    private long reads;
    private long libGit2Reads;
    private volatile RefusedFolder[] refused = [];

    /// <summary>The clock the stamps are judged by (a stamp of files changed within 2 s is not trusted).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How many checkouts were read afresh (not taken from the last listing) so far.</summary>
    public long Reads => Interlocked.Read(ref reads);

    /// <summary>How many of those reads opened the checkout with libgit2 (the others read its files plainly: <see cref="PlainCheckout"/>).</summary>
    public long LibGit2Reads => Interlocked.Read(ref libGit2Reads);

    /// <inheritdoc />
    public Task<Seq<RegisteredCheckout>> List(CancellationToken cancellationToken) =>
        Task.Run(ListNow, cancellationToken);

    /// <inheritdoc />
    public Seq<RefusedFolder> Refused => refused.ToSeq();

    /// <inheritdoc />
    public Task<RegisteredCheckout> Read(RepoName repo, CancellationToken cancellationToken) =>
        Task.Run(() => ReadNow(repo, PlainCheckout.UserConfigsArePlain(PlainCheckout.UserConfigs())).IfNone(() => new RegisteredCheckout(repo, new CheckoutState.NotCloned(), None)), cancellationToken);

    private Seq<RegisteredCheckout> ListNow()
    {
        if (FolderReach.Of(settings.RepoDir) is not FolderReach.Readable)
        {
            known.Clear();
            refused = [];
            return Seq<RegisteredCheckout>();
        }
        var names = Directory.EnumerateDirectories(settings.RepoDir)
            .Select(Path.GetFileName)
            .OrderBy(name => name, StringComparer.Ordinal)
            .Select(name => RepoName.Parse(name!).ToOption())
            .Somes()
            .ToList();
        // Read now, once: a lazy Seq would read the checkouts whenever (and as often as) it is enumerated.
        var userConfigsPlain = PlainCheckout.UserConfigsArePlain(PlainCheckout.UserConfigs());
        var read = names.Select(repo => (repo, checkout: Cached(repo).IfNone(() => ReadNow(repo, userConfigsPlain)))).ToList();
        var listed = read.Select(r => r.checkout).Somes().ToArray().ToSeq();
        refused = read.Where(r => r.checkout.IsNone).Select(r => Refusal(r.repo).Map(why => new RefusedFolder(r.repo, why))).Somes().ToArray();
        var present = names.Select(n => n.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in known.Keys.Where(k => !present.Contains(k)))
            known.TryRemove(gone, out _);
        return listed;
    }

    // What was read last time, when the checkout's files have not moved since (links are looked at every time).
    private Option<Option<RegisteredCheckout>> Cached(RepoName repo)
    {
        var path = PathOf(repo);
        if (!known.TryGetValue(repo.Value, out var last) || LinkedCheckout.Outside(settings.RepoDir, path).IsLeft) return None;
        return CheckoutStamp.Of(path, Clock.GetUtcNow().UtcDateTime).Exists(now => now == last.Stamp) ? Some(last.Read) : None;
    }

    // Stamped before libgit2 reads: a change in between then shows as a change next time.
    private Option<RegisteredCheckout> ReadNow(RepoName repo, bool userConfigsPlain)
    {
        var stamp = CheckoutStamp.Of(PathOf(repo), Clock.GetUtcNow().UtcDateTime);
        var read = Summarize(repo, userConfigsPlain);
        Interlocked.Increment(ref reads);
        stamp.Match(
            Some: s => known[repo.Value] = new Known(s, read),
            None: () => known.TryRemove(repo.Value, out _));
        return read;
    }

    private string PathOf(RepoName name) => Path.Combine(settings.RepoDir, name.Value);

    // Why a folder left out of the listing cannot be used, when it looks meant as a checkout; none for any other folder.
    private Option<string> Refusal(RepoName repo)
    {
        var path = PathOf(repo);
        foreach (var outside in LinkedCheckout.Outside(settings.RepoDir, path).LeftToSeq())
            return $"{path} is a symbolic link leading outside REPODIR, to {outside.Target}, which GitReload refuses: move the clone into REPODIR";
        foreach (var owner in ForeignOwnership.Of(path))
            return owner.Refusal(path);
        return Path.Exists(Path.Combine(path, ".git"))
            ? Some($"{path} has a .git that git cannot open as a repository: clone it again")
            : None;
    }

    private Option<RegisteredCheckout> Summarize(RepoName name, bool userConfigsPlain)
    {
        var path = PathOf(name);
        if (LinkedCheckout.Outside(settings.RepoDir, path).IsLeft) return None;
        var layout = new Publishing.StoreLayout(settings.RepoDir, name);
        foreach (var published in layout.Published())
            return new RegisteredCheckout(name, Publishing.AtomicCheckout.Recorded(layout.GitDir), published.Sha) { Publication = layout.Shelf().Publication(settings.PublishKeep) };
        foreach (var plain in PlainCheckout.Read(path, userConfigsPlain))
            return new RegisteredCheckout(name, plain.State, plain.Head);
        Interlocked.Increment(ref libGit2Reads);
        return ReadWithLibGit2(name, path);
    }

    // A method of its own, so that LibGit2Sharp is loaded when a checkout is first read with it, not when Summarize is compiled.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Option<RegisteredCheckout> ReadWithLibGit2(RepoName name, string path)
    {
        try
        {
            using var repo = WorkingTree.Open(path);
            if (repo is null) return None;
            CheckoutState state = repo.Info.IsHeadDetached
                ? new CheckoutState.Detached()
                : repo.Network.Remotes["origin"] is { } origin
                    ? new CheckoutState.OnBranch(repo.Head.FriendlyName, origin.Url)
                    : new CheckoutState.NoOrigin(repo.Head.FriendlyName);
            return new RegisteredCheckout(name, state, Optional(repo.Head.Tip).Map(c => c.Sha));
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return None;
        }
    }
}
