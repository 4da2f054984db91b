using System.Diagnostics;
using GitReload.Adapters.Git.Ssh;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LibGit2Sharp;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>
/// One update of one open checkout: fetch origin, hard reset to origin's branch, clean. Each step
/// has <paramref name="stepTimeout"/>: a fetch that still sends progress is cancelled through
/// libgit2's callbacks, one over SSH by ending its ssh (<see cref="Ssh.SshConnection"/>); one stuck
/// in a read that never returns (a hung HTTPS connection calls no callback) is abandoned, and
/// <see cref="Abandoned"/> then holds its task, which still uses <paramref name="repo"/>: the caller
/// must not dispose the repository, nor touch the checkout, before that task ends.
/// </summary>
/// <remarks>
/// Relies on: before the reset no link the index does not hold stands in the tree
/// (<see cref="LinksInTheWay"/>) and dropped submodules' work trees are set aside
/// (<see cref="SubmoduleWorkTrees"/>), so libgit2's checkout writes and deletes only inside the
/// working tree and deletes nothing git keeps. Pinned against the git CLI by the twin-clone tests
/// (<c>LibGit2CheckoutsLikeGitTests</c>, <c>LibGit2CheckoutsLinkTests</c>, <c>LibGit2CheckoutsNonUtf8Tests</c>).
/// The time limit relies on: a step abandoned past its limit is never awaited again, and the
/// checkout is refused (<c>StillRunning</c>) until its task ends. Pinned, with a real sshd and a
/// server that never answers, by <c>LibGit2CheckoutsTimeLimitTests</c>.
/// </remarks>
internal sealed class CheckoutUpdater(Repository repo, Remote origin, RepoName name, string branch, TimeSpan stepTimeout, CancellationToken cancellationToken)
{
    /// <summary>A step that passed its time limit and is still running, if any.</summary>
    public Option<Task> Abandoned { get; private set; }

    /// <summary>The clock of the steps' time limits.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Told how long each step ran, once it ended within its time limit.</summary>
    public Action<string, TimeSpan> StepTimed { get; init; } = (_, _) => { };

    /// <summary>Told each line ssh writes on stderr during the fetch.</summary>
    public Action<string> SshSaid { get; init; } = _ => { };

    /// <summary>What the last update of this checkout left, if known: found unchanged, it makes the reset cheaper.</summary>
    public Option<LeftBehind> LastLeft { get; init; }

    public Either<JobFailure, CheckoutUpdate> Run()
    {
        var before = Optional(repo.Head.Tip?.Sha);
        return Step("fetch", Fetch)
            .Bind(_ => Step("reset", Reset))
            .Bind(after => Step("clean", limit => Clean(after, limit)))
            .Map(after => new CheckoutUpdate(before, after));
    }

    // The steps are internal so that bench/GitReload.Benchmarks can time each one (`steps` mode).
    internal Either<JobFailure, Unit> Fetch(CancellationToken limit)
    {
        var options = new FetchOptions
        {
            // Without pruning, a branch deleted on origin would live on as a stale remote ref.
            Prune = true,
            OnTransferProgress = _ => !limit.IsCancellationRequested,
            OnProgress = _ => !limit.IsCancellationRequested,
        };
        SshTransport.EnsureRegistered();
        using var ssh = SshSession.Open(Optional(repo.Config.Get<string>("core.sshCommand")?.Value), limit, SshSaid);
        try
        {
            Commands.Fetch(repo, origin.Name, origin.FetchRefSpecs.Select(spec => spec.Specification), options, null);
            return unit;
        }
        catch (Exception e) when (e is LibGit2SharpException or FormatException && limit.IsCancellationRequested)
        {
            // The transport ended ssh at the limit, and libgit2 saw its stream end.
            throw new OperationCanceledException(limit);
        }
        catch (Exception e) when (e is LibGit2SharpException and not UserCancelledException || LibGit2LastError.IsUnformattable(e))
        {
            return ssh.LastRun.Filter(run => run.Failed).Match(
                Some: run => UpdateFailures.OverSsh(name, origin.Url, SshDiagnosis.Of(run)),
                None: () => UpdateFailures.From(e as LibGit2SharpException ?? LibGit2LastError.Meant((FormatException)e), "fetch", name, origin.Url));
        }
    }

    internal Either<JobFailure, string> Reset(CancellationToken limit)
    {
        var expected = $"refs/heads/{branch}";
        if (repo.Info.IsHeadDetached || repo.Head.CanonicalName != expected)
            return UpdateFailures.BranchChanged(name, branch, repo.Info.IsHeadDetached ? "a detached HEAD" : repo.Head.FriendlyName);
        if (repo.Lookup<Commit>($"refs/remotes/{origin.Name}/{branch}") is not { } target)
            return UpdateFailures.BranchGone(name, branch, origin.Url);
        var indexHoldsHead = LastLeft.Exists(left => LeftBehind.Of(repo).Exists(now => now == left));
        var tracked = TrackedPaths.Of(repo);
        LinksInTheWay.Remove(repo, tracked, limit);
        var submodules = SubmoduleWorkTrees.SetAside(repo, tracked, target);
        try
        {
            HardReset.To(repo, expected, target, indexHoldsHead);
        }
        finally
        {
            submodules.PutBack();
        }
        return target.Sha;
    }

    internal Either<JobFailure, string> Clean(string after, CancellationToken limit)
    {
        WorkingTreeCleaner.Clean(repo, limit);
        return after;
    }

    /// <summary>Runs <paramref name="action"/> as one more step of this update, with the same time limit, cancellation and failures.</summary>
    internal Either<JobFailure, T> Timed<T>(string step, Func<CancellationToken, Either<JobFailure, T>> action) => Step(step, action);

    private Either<JobFailure, T> Step<T>(string step, Func<CancellationToken, Either<JobFailure, T>> action)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = new StepLimit(stepTimeout, Clock, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var work = Task.Run(() => Guarded(step, action, limit.Token), CancellationToken.None);
        try
        {
            // A second more than the limit, so that a step cancelled through its callbacks ends on its own.
            if (work.Wait(stepTimeout + TimeSpan.FromSeconds(1), cancellationToken))
            {
                limit.Dispose();
                StepTimed(step, Stopwatch.GetElapsedTime(started));
                return work.Result;
            }
        }
        catch (OperationCanceledException) when (!work.IsCompleted)
        {
            Abandoned = limit.GiveUp(work);
            throw;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException cancelled)
        {
            limit.Dispose();
            throw cancelled;
        }
        Abandoned = limit.GiveUp(work);
        return UpdateFailures.TimedOut(step, name, origin.Url, stepTimeout);
    }

    private Either<JobFailure, T> Guarded<T>(string step, Func<CancellationToken, Either<JobFailure, T>> action, CancellationToken limit)
    {
        try
        {
            return action(limit);
        }
        catch (Exception e) when (e is UserCancelledException or OperationCanceledException && limit.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            return UpdateFailures.TimedOut(step, name, origin.Url, stepTimeout);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            return UpdateFailures.From(e, step, name, origin.Url);
        }
        catch (FormatException e) when (LibGit2LastError.IsUnformattable(e))
        {
            return UpdateFailures.From(LibGit2LastError.Meant(e), step, name, origin.Url);
        }
    }
}
