using System.Collections.Concurrent;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Adapters.Git.Publishing;
using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>The checkouts under <c>REPODIR</c>, read and updated with libgit2.</summary>
/// <remarks>
/// Relies on: a checkout folder that is a link is looked at before anything else, on every call
/// (<see cref="LinkedCheckout"/>), so what <see cref="KnownCheckouts"/> keeps never outlives it.
/// Pinned by <c>LibGit2CheckoutsLinkTests</c> (the checkout-folder cases) and <c>LibGit2CheckoutsKnownTests</c>.
/// </remarks>
public sealed class LibGit2Checkouts(GitCheckoutSettings settings) : ICheckouts
{
    private const string Origin = "origin";

    // Steps abandoned at their time limit, per checkout: no new update starts on a checkout while one still runs.
    private readonly ConcurrentDictionary<string, Task> abandoned = new();

    // What libgit2 read of each checkout, while its config is unchanged: most pushes then open no repository.
    private readonly KnownCheckouts known = new(KnownCheckouts.MaxKept);

    // What the last successful update left in each checkout: the next one may then skip part of the reset.
    // Bounded like KnownCheckouts: past the cap it starts over, and the next update of each checkout takes libgit2's full reset once.
    private readonly CappedMap<LeftBehind> leftBehind = new(KnownCheckouts.MaxKept);

    // Checkouts refused as links leading outside REPODIR, with where they lead: each is logged once while it stays so.
    private readonly ConcurrentDictionary<string, string> refused = new(StringComparer.Ordinal);

    /// <summary>Told how long each step of an update (<c>fetch</c>, <c>reset</c>, <c>clean</c>) ran, once it ended within its time limit.</summary>
    public Action<string, TimeSpan> StepTimed { get; init; } = (_, _) => { };

    /// <summary>The clock that dates what is read and tells a stale lock or pack from a fresh one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where a checkout GitReload refuses to touch is explained, once while it stays refused.</summary>
    public ILogger Log { get; init; } = NullLogger.Instance;

    /// <summary>Where what ssh says on stderr during a fetch is logged, a line each, with the service's other logs.</summary>
    public ILogger SshLog { get; init; } = NullLogger.Instance;

    /// <inheritdoc />
    /// <remarks>A checkout published atomically is read from its store: what GitReload recorded for it (<see cref="AtomicCheckout"/>).</remarks>
    public Task<CheckoutState> Inspect(RepoName repo, CancellationToken cancellationToken) =>
        LinksOutside(repo).Match(
            Some: refused => Task.FromResult<CheckoutState>(new CheckoutState.NotCloned { LeadsOutsideTo = refused.Target }),
            None: () =>
            {
                var store = Store(repo);
                return known.Read(store.IfNone(() => Path.Combine(PathOf(repo), ".git"))).Match(
                    Some: Task.FromResult,
                    None: () => Task.Run(() => InspectNow(repo, store), cancellationToken));
            });

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckoutUpdate>> Update(RepoName repo, string branch, CancellationToken cancellationToken) =>
        Task.Run(() => UpdateNow(repo, branch, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Option<string>> Head(RepoName repo, CancellationToken cancellationToken) =>
        Task.Run(() => HeadNow(repo), cancellationToken);

    private Option<string> HeadNow(RepoName name)
    {
        if (LinkedCheckout.Outside(settings.RepoDir, PathOf(name)).IsLeft) return None;
        foreach (var published in new StoreLayout(settings.RepoDir, name).Published()) return published.Sha;
        try
        {
            using var repo = OpenWorkingTree(name);
            return repo is null ? None : Optional(repo.Head.Tip).Map(c => c.Sha);
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return None;
        }
    }

    private CheckoutState InspectNow(RepoName name, Option<string> store)
    {
        var path = PathOf(name);
        var gitDir = store.IfNone(() => Path.Combine(path, ".git"));
        known.Forget(gitDir);
        var reach = FolderReach.Of(settings.RepoDir);
        if (reach is not FolderReach.Readable)
            return new CheckoutState.NoRepoDir { Unreadable = reach is not (FolderReach.Missing or FolderReach.NotAFolder), NotAFolder = reach is FolderReach.NotAFolder };
        // Stamped before libgit2 reads it: a change in between is then seen as a change next time.
        var config = new FileInfo(Path.Combine(gitDir, "config"));
        config.Refresh();
        var state = store.Match(AtomicCheckout.Recorded, () => ReadWithLibGit2(path));
        known.Remember(gitDir, config, state, Clock.GetUtcNow().UtcDateTime);
        return state;
    }

    // The store of a checkout published atomically: REPODIR/<name> is GitReload's link to one of its trees.
    private Option<string> Store(RepoName name)
    {
        var layout = new StoreLayout(settings.RepoDir, name);
        return layout.Published().Map(_ => layout.GitDir);
    }

    private static CheckoutState ReadWithLibGit2(string path)
    {
        try
        {
            using var repo = WorkingTree.Open(path);
            if (repo is null) return NotCloned(path);
            // HEAD on a ref that is no local branch (a tag, a remote-tracking ref) is on no branch, as git
            // says too; libgit2 would call a remote-tracking ref a branch, and throws on a tag.
            if (repo.Info.IsHeadDetached || !repo.Head.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal)) return new CheckoutState.Detached();
            var branch = repo.Head.FriendlyName;
            return repo.Network.Remotes[Origin] is { } origin
                ? new CheckoutState.OnBranch(branch, origin.Url)
                : new CheckoutState.NoOrigin(branch);
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return NotCloned(path);
        }
    }

    // A folder libgit2 would not open: it says whose it is when another user owns it, the reason git refuses it most often,
    // else whether it has a .git at all.
    private static CheckoutState.NotCloned NotCloned(string path)
    {
        var owner = ForeignOwnership.Of(path);
        return new() { OwnedByAnother = owner, BrokenGit = owner.IsNone && Path.Exists(Path.Combine(path, ".git")) };
    }

    // A checkout libgit2 would not open: another user's, the reason git refuses one most often, or else what libgit2 says.
    private JobFailure NotOpened(RepoName name, Func<JobFailure> otherwise) => ForeignOwnership.Of(PathOf(name)).Match(
        Some: owner => UpdateFailures.OwnedByAnother(name, PathOf(name), owner),
        None: otherwise);

    private Either<JobFailure, CheckoutUpdate> UpdateNow(RepoName name, string branch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (abandoned.TryGetValue(name.Value, out var earlier) && !earlier.IsCompleted) return UpdateFailures.StillRunning(name);
        foreach (var refused in LinksOutside(name)) return refused.Failure;
        // Its tree is shared with readers and kept trees: never reset in place.
        if (Store(name).IsSome) return AtomicFailures.PublishedAtomically(name);
        Repository? repo = null;
        Option<Task> stillRunning = None;
        try
        {
            repo = OpenWorkingTree(name);
            if (repo is null) return NotOpened(name, () => UpdateFailures.NotACheckout(name, PathOf(name)));
            if (repo.Network.Remotes[Origin] is not { } origin) return UpdateFailures.NoOrigin(name);
            foreach (var locked in StaleLocks.Clear(repo.Info.Path, name, PathOf(name), Clock.GetUtcNow().UtcDateTime)) return locked;
            StalePacks.Clear(repo.Info.Path, Clock.GetUtcNow().UtcDateTime);
            var updater = new CheckoutUpdater(repo, origin, name, branch, settings.StepTimeout, cancellationToken)
            {
                Clock = Clock,
                StepTimed = StepTimed,
                SshSaid = line => SshLog.LogWarning("{Said}", line),
                LastLeft = leftBehind.TryRemove(name.Value, out var left) ? Some(left) : None,
            };
            try
            {
                var result = updater.Run();
                if (result.IsRight) LeftBehind.Of(repo).IfSome(now => leftBehind.Set(name.Value, now));
                return result;
            }
            finally
            {
                stillRunning = updater.Abandoned;
            }
        }
        catch (LibGit2SharpException e)
        {
            return NotOpened(name, () => UpdateFailures.Unreadable(name, PathOf(name), e));
        }
        catch (FormatException e) when (LibGit2LastError.IsUnformattable(e))
        {
            return UpdateFailures.Unreadable(name, PathOf(name), LibGit2LastError.Meant(e));
        }
        finally
        {
            // A step past its time limit may still be inside libgit2 with this repository: free it only once that step ends.
            var open = repo;
            stillRunning.Match(
                Some: step => abandoned[name.Value] = step.ContinueWith(_ => open?.Dispose(), TaskScheduler.Default),
                None: () => open?.Dispose());
        }
    }

    private string PathOf(RepoName name) => Path.Combine(settings.RepoDir, name.Value);

    // A checkout folder that is a link leading outside REPODIR is refused, and the log says why once.
    private Option<(JobFailure Failure, string Target)> LinksOutside(RepoName name)
    {
        var path = PathOf(name);
        return LinkedCheckout.Outside(settings.RepoDir, path).Match(
            Left: outside =>
            {
                var failure = UpdateFailures.LinksOutside(name, path, outside.Target);
                if (FirstRefusal(path, outside.Target))
                {
                    known.Forget(Path.Combine(path, ".git"));
                    Log.LogWarning("{Refusal}", failure.Message);
                }
                return Option<(JobFailure, string)>.Some((failure, outside.Target));
            },
            Right: inside =>
            {
                refused.TryRemove(path, out _);
                return Option<(JobFailure, string)>.None;
            });
    }

    // Whether this refusal is new (first seen, or the link now leads elsewhere), when concurrent hooks ask at once too.
    private bool FirstRefusal(string path, string target)
    {
        while (true)
        {
            if (refused.TryAdd(path, target)) return true;
            if (!refused.TryGetValue(path, out var logged)) continue;
            if (logged == target) return false;
            if (refused.TryUpdate(path, target, logged)) return true;
        }
    }

    /// <summary>The working tree at <c>REPODIR/&lt;name&gt;</c>, or null when there is none.</summary>
    private Repository? OpenWorkingTree(RepoName name) => WorkingTree.Open(PathOf(name));
}
