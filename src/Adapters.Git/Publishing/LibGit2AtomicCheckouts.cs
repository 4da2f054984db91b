using GitReload.Domain.Checkouts;
using System.Collections.Concurrent;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using GitReload.Domain.Publishing;
using LanguageExt;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Publishing;

/// <summary>
/// The checkouts published atomically, with libgit2 (<see cref="StoreLayout"/> says where things are).
/// An update fetches into the store and checks origin's commit out into a new tree: the spare tree set
/// aside by the last publish, with only what differs rewritten (<see cref="TreeReuse"/>), or, without
/// one, a new folder linking the files it shares with the published tree (<see cref="TreeBuilder"/>); publishing points
/// <c>REPODIR/&lt;name&gt;</c> at it in one step (<see cref="LinkSwap"/>), sets the newest tree beyond
/// <c>PUBLISH_KEEP</c> aside as the next spare (<see cref="SpareTree"/>) and removes the others. The first atomic update
/// of an ordinary checkout copies its <c>.git</c> into the
/// store and swaps the folder for the link; going back to in place swaps a fresh folder for the link.
/// </summary>
/// <remarks>
/// Relies on: one job at a time per checkout (the journal's rule), so only one run changes a
/// checkout's store, trees and link at a time; a tree is never written once published (a rollback
/// rewrites only files of a kept tree that changed since it was made, unlinking them first). Pinned by
/// <c>AtomicCheckoutsTests</c>, <c>AtomicLinkTests</c>, <c>AtomicReadersTests</c> and, with a real process
/// killed mid-update, <c>CrashAndShutdownTests</c> in the host's tests.
/// </remarks>
public sealed partial class LibGit2AtomicCheckouts(GitCheckoutSettings settings) : IAtomicCheckouts
{
    private const string Origin = "origin";

    // Steps abandoned at their time limit, per checkout: no new run starts on a checkout while one still runs.
    private readonly ConcurrentDictionary<string, Task> abandoned = new();

    /// <summary>Told how long each step (<c>fetch</c>, <c>checkout</c>) ran, once it ended within its time limit.</summary>
    public Action<string, TimeSpan> StepTimed { get; init; } = (_, _) => { };

    /// <summary>Where conversions and trees left for a process still inside them are logged.</summary>
    public ILogger Log { get; init; } = NullLogger.Instance;

    /// <summary>The clock that tells a stale lock from a fresh one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where what ssh says on stderr during a fetch is logged.</summary>
    public ILogger SshLog { get; init; } = NullLogger.Instance;

    private sealed record Start(Option<string> Before, Option<TreeBuilder.BaseTree> Base);

    /// <inheritdoc />
    public Task<Either<JobFailure, Staged>> Stage(RepoName repo, string branch, CancellationToken cancellationToken) =>
        Task.Run(() => StageNow(repo, branch, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckoutUpdate>> Publish(StagedTree tree, CancellationToken cancellationToken) =>
        Task.Run(() => PublishNow(tree, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Unit> Discard(StagedTree tree, CancellationToken cancellationToken) =>
        Task.Run(() => DiscardNow(tree), cancellationToken);

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckoutUpdate>> RollBack(RepoName repo, Option<string> undo, CancellationToken cancellationToken) =>
        Task.Run(() => RollBackNow(repo, undo, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Either<JobFailure, Unit>> MakeInPlace(RepoName repo, CancellationToken cancellationToken) =>
        Task.Run(() => InPlaceNow(repo, cancellationToken), cancellationToken);

    private Either<JobFailure, Staged> StageNow(RepoName name, string branch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (abandoned.TryGetValue(name.Value, out var earlier) && !earlier.IsCompleted) return UpdateFailures.StillRunning(name);
        var layout = new StoreLayout(settings.RepoDir, name);
        foreach (var outside in LinkedCheckout.Outside(settings.RepoDir, layout.Checkout).LeftToSeq())
            return UpdateFailures.LinksOutside(name, layout.Checkout, outside.Target);
        var published = layout.Published();
        try
        {
            var start = published.Match(
                Some: tree => Right<JobFailure, Start>(new Start(tree.Sha, TreeIndex.Read(layout.IndexOf(tree)).Map(index => new TreeBuilder.BaseTree(layout.TreePath(tree), index)))),
                None: () => Convert(layout, branch, cancellationToken));
            return start.Bind(s => FetchAndBuild(layout, branch, published, s, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AtomicFailures.Unreadable(name, $"the store {layout.Root}", e);
        }
    }

    // An ordinary checkout, published atomically from now on: its .git is copied into the store.
    private Either<JobFailure, Start> Convert(StoreLayout layout, string branch, CancellationToken cancellationToken)
    {
        var (name, path) = (layout.Name, layout.Checkout);
        var dotGit = Path.Combine(path, ".git");
        if (File.Exists(dotGit)) return AtomicFailures.GitFileCheckout(name, path);
        Option<string> head;
        try
        {
            using var repo = WorkingTree.Open(path);
            if (repo is null) return UpdateFailures.NotACheckout(name, path);
            if (repo.Info.IsHeadDetached || repo.Head.CanonicalName != $"refs/heads/{branch}")
                return UpdateFailures.BranchChanged(name, branch, repo.Info.IsHeadDetached ? "a detached HEAD" : repo.Head.FriendlyName);
            if (repo.Network.Remotes[Origin] is null) return UpdateFailures.NoOrigin(name);
            head = Optional(repo.Head.Tip?.Sha);
        }
        catch (LibGit2SharpException e)
        {
            return UpdateFailures.Unreadable(name, path, e);
        }
        foreach (var locked in StaleLocks.Clear(dotGit, name, path, Clock.GetUtcNow().UtcDateTime)) return locked;

        ClearStore(layout, cancellationToken);
        Directory.CreateDirectory(layout.Root);
        using (var root = Folder.Open(layout.Root))
        {
            root.MakeFolder(StoreLayout.GitFolder);
            using var store = root.OpenFolder(StoreLayout.GitFolder) ?? throw new IOException($"{layout.GitDir} is not a folder");
            GitDirCopy.Copy(dotGit, store, cancellationToken);
        }
        using (var config = Configuration.BuildFrom(Path.Combine(layout.GitDir, "config")))
        {
            config.Set("core.bare", true);
            config.Unset("core.worktree");
            // Linking a file into a new tree moves its change time: git then still finds the older trees clean.
            config.Set("core.trustctime", false);
        }
        Converting(Log, name.Value, path);
        return new Start(head, TreeIndex.Read(Path.Combine(dotGit, "index")).Map(index => new TreeBuilder.BaseTree(path, index)));
    }

    private Either<JobFailure, Staged> FetchAndBuild(StoreLayout layout, string branch, Option<TreeId> published, Start start, CancellationToken cancellationToken)
    {
        var name = layout.Name;
        Repository? store = null;
        Option<Task> stillRunning = None;
        try
        {
            TreeRemoval.Sweep(layout, StoreLayout.BuildingFolder, cancellationToken);
            TreeRemoval.Sweep(layout, StoreLayout.RetiredFolder, cancellationToken);
            store = new Repository(layout.GitDir);
            if (store.Network.Remotes[Origin] is not { } origin) return UpdateFailures.NoOrigin(name);
            if (store.Info.IsHeadDetached || store.Head.CanonicalName != $"refs/heads/{branch}")
                return UpdateFailures.BranchChanged(name, branch, store.Info.IsHeadDetached ? "a detached HEAD" : store.Head.FriendlyName);
            foreach (var locked in StaleLocks.Clear(layout.GitDir, name, layout.Checkout, Clock.GetUtcNow().UtcDateTime)) return locked;
            var updater = new CheckoutUpdater(store, origin, name, branch, settings.StepTimeout, cancellationToken)
            {
                Clock = Clock,
                StepTimed = StepTimed,
                SshSaid = line => SshLog.LogWarning("{Said}", line),
            };
            try
            {
                var repo = store;
                return updater.Timed("fetch", updater.Fetch)
                    .Bind(_ => Optional(repo.Lookup<Commit>($"refs/remotes/{origin.Name}/{branch}")).ToEither(() => UpdateFailures.BranchGone(name, branch, origin.Url)))
                    .Bind(commit => published.Exists(tree => tree.Sha == commit.Sha && Intact(layout, tree, cancellationToken))
                        ? Right<JobFailure, Staged>(new Staged.Unchanged(commit.Sha))
                        : updater.Timed("checkout", limit => Build(layout, branch, commit, start, limit)));
            }
            finally
            {
                stillRunning = updater.Abandoned;
            }
        }
        catch (LibGit2SharpException e)
        {
            return AtomicFailures.Unreadable(name, $"the store {layout.GitDir}", e);
        }
        finally
        {
            var open = store;
            stillRunning.Match(
                Some: step => abandoned[name.Value] = step.ContinueWith(_ => open?.Dispose(), TaskScheduler.Default),
                None: () => open?.Dispose());
        }
    }

    private Either<JobFailure, Staged> Build(StoreLayout layout, string branch, Commit commit, Start start, CancellationToken cancellationToken)
    {
        var tree = layout.Shelf().Next(commit.Sha, layout.Leftovers());
        var built = NewTree.Make(layout, tree, commit, start.Base, cancellationToken);
        Built(Log, layout.Name.Value, tree.Folder, built.Written, built.Linked);
        return new Staged.Ready(new StagedTree(layout.Name, branch, layout.BuildingPath(tree), commit.Sha, start.Before));
    }

    private static bool Intact(StoreLayout layout, TreeId tree, CancellationToken cancellationToken) =>
        TreeIndex.Read(layout.IndexOf(tree)).Exists(index => TreeBuilder.Intact(layout.TreePath(tree), index, cancellationToken));

    private Either<JobFailure, CheckoutUpdate> PublishNow(StagedTree staged, CancellationToken cancellationToken)
    {
        var layout = new StoreLayout(settings.RepoDir, staged.Repo);
        var tree = TreeId.Parse(Path.GetFileName(staged.Folder)).IfNone(() => throw new ArgumentException($"{staged.Folder} is not a tree GitReload made", nameof(staged)));
        var published = layout.Published();
        try
        {
            // Only now, checked, does the tree enter trees/: a run cut off before leaves it in building/, never kept.
            NewTree.Enter(layout, tree);
            if (published.IsSome) LinkSwap.Point(layout, tree);
            else LinkSwap.ReplaceFolder(layout, tree, $"in-place-{tree.Folder}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AtomicFailures.NotPublished(staged.Repo, tree.Sha, published.Match(p => Sha.Short(p.Sha), () => "the checkout folder as it was"), e);
        }
        RecordBranch(layout, staged.Branch, tree.Sha);
        Prune(layout, cancellationToken);
        return new CheckoutUpdate(staged.Published, tree.Sha);
    }

    private Unit DiscardNow(StagedTree staged)
    {
        var layout = new StoreLayout(settings.RepoDir, staged.Repo);
        foreach (var tree in TreeId.Parse(Path.GetFileName(staged.Folder)))
            Quietly(layout, () => TreeRemoval.Discard(layout, tree, CancellationToken.None));
        return unit;
    }

    private Either<JobFailure, CheckoutUpdate> RollBackNow(RepoName name, Option<string> undo, CancellationToken cancellationToken)
    {
        var layout = new StoreLayout(settings.RepoDir, name);
        var shelf = layout.Shelf();
        if (shelf.Published.IsNone) return AtomicFailures.NotAtomic(name);
        var published = shelf.Published.IfNone(() => throw new System.Diagnostics.UnreachableException());
        // The rollback undoes one named commit across the fleet: a host that never published it (its check failed) stays where it is.
        foreach (var named in undo.Filter(sha => sha != published.Sha))
        {
            NotUndone(Log, name.Value, Sha.Short(named), Sha.Short(published.Sha));
            return new CheckoutUpdate(published.Sha, published.Sha);
        }
        if (shelf.RollbackTarget.IsNone) return AtomicFailures.NothingKept(name, published.Sha);
        var target = shelf.RollbackTarget.IfNone(() => throw new System.Diagnostics.UnreachableException());
        try
        {
            // A file changed through a link shared with a newer tree is written afresh before readers see it again.
            var index = TreeIndex.Read(layout.IndexOf(target)).IfNone(() => throw new IOException($"the index of the kept tree {target} cannot be read"));
            using var worktree = new Repository(layout.TreePath(target));
            using var root = Folder.Open(layout.TreePath(target));
            if (TreeBuilder.Repair(worktree, index, root, cancellationToken) > 0) index.Save(layout.IndexOf(target));
            LinkSwap.Point(layout, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibGit2SharpException)
        {
            return AtomicFailures.NotPublished(name, target.Sha, Sha.Short(published.Sha), e);
        }
        if (AtomicCheckout.Recorded(layout.GitDir) is Domain.Checkouts.CheckoutState.OnBranch recorded) RecordBranch(layout, recorded.Branch, target.Sha);
        Prune(layout, cancellationToken);
        return new CheckoutUpdate(published.Sha, target.Sha);
    }

    private Either<JobFailure, Unit> InPlaceNow(RepoName name, CancellationToken cancellationToken)
    {
        var layout = new StoreLayout(settings.RepoDir, name);
        var published = layout.Published();
        if (published.IsNone)
        {
            if (Directory.Exists(layout.Root) && new DirectoryInfo(layout.Checkout).LinkTarget is null) Quietly(layout, () => ClearStore(layout, cancellationToken));
            return unit;
        }
        var tree = published.IfNone(() => throw new System.Diagnostics.UnreachableException());
        var folderName = $"in-place-{tree.Folder}";
        var folder = Path.Combine(layout.Building, folderName);
        try
        {
            Directory.CreateDirectory(layout.Building);
            using (var building = Folder.Open(layout.Building))
            {
                if (building.Has(folderName)) FolderTree.Remove(building, folderName, cancellationToken);
                building.MakeFolder(folderName);
                using var into = building.OpenFolder(folderName) ?? throw new IOException($"{folder} is not a folder");
                into.MakeFolder(".git");
                using (var git = into.OpenFolder(".git") ?? throw new IOException($"{folder}/.git is not a folder"))
                    GitDirCopy.Copy(layout.GitDir, git, cancellationToken);
                using (var config = Configuration.BuildFrom(Path.Combine(folder, ".git", "config")))
                {
                    config.Set("core.bare", false);
                    config.Unset("core.trustctime");
                }
                using var repo = new Repository(folder);
                var commit = repo.Lookup<Commit>(tree.Sha) ?? throw new IOException($"the published commit {tree.Sha} is missing from the store");
                if (!repo.Info.IsHeadDetached && repo.Refs[repo.Head.CanonicalName] is DirectReference head)
                    repo.Refs.UpdateTarget(head, commit.Id, "gitreload: in place again");
                repo.Index.Replace(commit.Tree);
                repo.Index.Write();
                var indexFile = Path.Combine(folder, ".git", "index");
                var index = TreeIndex.Read(indexFile).IfNone(() => throw new IOException("the index libgit2 wrote cannot be read"));
                // Written afresh, not linked: an update in place writes into files, and the trees may still have readers.
                TreeBuilder.Build(repo, index, into, None, _ => false, cancellationToken);
                index.Save(indexFile);
            }
            LinkSwap.ReplaceLink(layout, folderName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibGit2SharpException)
        {
            return AtomicFailures.NotMadeInPlace(name, e);
        }
        InPlaceAgain(Log, name.Value, layout.Checkout, Sha.Short(tree.Sha));
        Quietly(layout, () => ClearStore(layout, cancellationToken));
        return unit;
    }

    // Nothing of the store is published: it goes, but for trees some process is still inside.
    private static void ClearStore(StoreLayout layout, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(layout.Root)) return;
        var left = TreeRemoval.Remove(layout, layout.Shelf().Others, cancellationToken);
        TreeRemoval.Sweep(layout, StoreLayout.BuildingFolder, cancellationToken);
        TreeRemoval.Sweep(layout, StoreLayout.RetiredFolder, cancellationToken);
        TreeRemoval.Sweep(layout, StoreLayout.SpareFolder, cancellationToken);
        using var stores = Folder.Open(layout.Stores);
        if (left.IsEmpty)
        {
            FolderTree.Remove(stores, layout.Name.Value, cancellationToken);
            return;
        }
        using var root = stores.OpenFolder(layout.Name.Value);
        if (root is not null && root.Has(StoreLayout.GitFolder)) FolderTree.Remove(root, StoreLayout.GitFolder, cancellationToken);
    }

    // The store's branch follows what readers see: git log in the store shows the published commit.
    private void RecordBranch(StoreLayout layout, string branch, string sha)
    {
        try
        {
            using var store = new Repository(layout.GitDir);
            store.Refs.Add($"refs/heads/{branch}", new ObjectId(sha), "gitreload: published", allowOverwrite: true);
        }
        catch (LibGit2SharpException e)
        {
            NotRecorded(Log, layout.Name.Value, branch, e.Message);
        }
    }

    // The newest tree beyond PUBLISH_KEEP is set aside for the next update to build from; older ones go.
    private void Prune(StoreLayout layout, CancellationToken cancellationToken) => Quietly(layout, () =>
    {
        var surplus = layout.Shelf().Surplus(settings.PublishKeep).OrderByDescending(tree => tree.Number).ToSeq();
        foreach (var spare in surplus.Take(1)) SpareTree.SetAside(layout, spare, cancellationToken);
        var left = TreeRemoval.Remove(layout, surplus.Skip(1), cancellationToken);
        TreeRemoval.Sweep(layout, StoreLayout.BuildingFolder, cancellationToken);
        TreeRemoval.Sweep(layout, StoreLayout.RetiredFolder, cancellationToken);
        if (!left.IsEmpty) StillInside(Log, layout.Name.Value, string.Join(", ", left.Map(t => Sha.Short(t.Sha))));
    });

    // Removing what nobody reads any more never fails the job that published: a later update tries again.
    private void Quietly(StoreLayout layout, Action removal)
    {
        try
        {
            removal();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            NotRemoved(Log, layout.Name.Value, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repo}: {Path} is published atomically from now on (PUBLISH): its .git was copied into the store under REPODIR/.gitreload")]
    private static partial void Converting(ILogger log, string repo, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repo}: {Path} is an ordinary checkout folder again, at {Sha} (PUBLISH)")]
    private static partial void InPlaceAgain(ILogger log, string repo, string path, string sha);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Repo}: tree {Tree} checked out: {Written} files written, {Linked} taken as they were (linked from the published tree, or left in the spare tree)")]
    private static partial void Built(ILogger log, string repo, string tree, int written, int linked);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repo}: the trees of {Shas} are kept beyond PUBLISH_KEEP while a process is still inside them; a later update removes them")]
    private static partial void StillInside(ILogger log, string repo, string shas);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repo}: an old tree could not be removed ({Error}); a later update tries again")]
    private static partial void NotRemoved(ILogger log, string repo, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repo}: the rollback undoes {Undo}, and this host publishes {Published}: nothing to undo here, the checkout is left as it is")]
    private static partial void NotUndone(ILogger log, string repo, string undo, string published);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repo}: the store's branch {Branch} could not be moved to the published commit ({Error})")]
    private static partial void NotRecorded(ILogger log, string repo, string branch, string error);
}
