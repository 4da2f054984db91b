using System.Collections.Concurrent;
using GitReload.Adapters.Git.Checkouts;
using GitReload.Adapters.Git.Ssh;
using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using GitReload.Domain.Reconcile;
using LanguageExt;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static LanguageExt.Prelude;

namespace GitReload.Adapters.Git.Origins;

/// <summary>
/// Asks a checkout's origin for its branches as <c>git ls-remote</c> does (libgit2's remote listing):
/// nothing is fetched and nothing in the checkout changes. It goes the way a fetch goes: the same
/// ssh transport with the checkout's <c>core.sshCommand</c> (<see cref="SshSession"/>), the same
/// credentials (those in the URL), and the time limit of a git step (<c>GIT_TIMEOUT_SECONDS</c>).
/// </summary>
/// <remarks>
/// Relies on: libgit2 calls the transport on the thread that lists, so the session is opened on that
/// thread. A listing stuck past its limit in a read that never returns (a hung HTTPS connection) is
/// abandoned, its repository freed once it ends, and that origin is not asked again until it has.
/// Pinned by <c>LibGit2OriginListingTests</c> (local and over a real sshd).
/// </remarks>
public sealed class LibGit2OriginListing(GitCheckoutSettings settings) : IOrigins
{
    private const string Heads = "refs/heads/";

    private readonly ConcurrentDictionary<string, Task> abandoned = new(StringComparer.Ordinal);

    /// <summary>The clock of the time limit.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where what ssh says on stderr is logged, a line each.</summary>
    public ILogger SshLog { get; init; } = NullLogger.Instance;

    /// <inheritdoc />
    public Task<OriginAnswer> Ask(RepoName repo, CancellationToken cancellationToken) =>
        Task.Run(() => AskNow(repo, cancellationToken), cancellationToken);

    private OriginAnswer AskNow(RepoName name, CancellationToken cancellationToken)
    {
        if (abandoned.TryGetValue(name.Value, out var earlier) && !earlier.IsCompleted)
            return new OriginAnswer.Unreachable($"the previous ask of origin for {name} took longer than {Seconds} s (GIT_TIMEOUT_SECONDS) and has not ended yet");
        var path = Path.Combine(settings.RepoDir, name.Value);
        foreach (var outside in LinkedCheckout.Outside(settings.RepoDir, path).LeftToSeq())
            return new OriginAnswer.Unreachable($"{name}: {outside.Message}");

        Repository? repo = null;
        var stillRunning = false;
        try
        {
            repo = WorkingTree.Open(path);
            if (repo is null) return new OriginAnswer.Unreachable($"{name}: there is no git checkout at {path}");
            if (repo.Network.Remotes["origin"] is not { } origin) return new OriginAnswer.Unreachable($"{name}: the checkout has no remote 'origin'");
            var limit = new StepLimit(settings.StepTimeout, Clock, cancellationToken);
            var open = repo;
            var listing = Task.Run(() => List(open, origin, name, limit.Token), CancellationToken.None);
            var ended = false;
            try
            {
                // A second more than the limit, so that an ssh ended at the limit lets the listing end on its own.
                ended = listing.Wait(settings.StepTimeout + TimeSpan.FromSeconds(1), cancellationToken);
            }
            finally
            {
                if (!ended)
                {
                    stillRunning = true;
                    abandoned[name.Value] = limit.GiveUp(listing).ContinueWith(_ => open.Dispose(), TaskScheduler.Default);
                }
            }
            if (ended)
            {
                limit.Dispose();
                return listing.Result;
            }
            return new OriginAnswer.Unreachable(Redact($"asking origin {origin.Url} of {name} took longer than {Seconds} s (GIT_TIMEOUT_SECONDS) and was given up"));
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            return new OriginAnswer.Unreachable(Redact($"{name}: the checkout at {path} cannot be opened ({e.Message.ReplaceLineEndings(" ")})"));
        }
        finally
        {
            if (!stillRunning) repo?.Dispose();
        }
    }

    private OriginAnswer List(Repository repo, Remote origin, RepoName name, CancellationToken limit)
    {
        SshTransport.EnsureRegistered();
        using var ssh = SshSession.Open(Optional(repo.Config.Get<string>("core.sshCommand")?.Value), limit, line => SshLog.LogWarning("{Said}", line));
        try
        {
            var heads = repo.Network.ListReferences(origin)
                .Where(r => r.CanonicalName.StartsWith(Heads, StringComparison.Ordinal) && r is DirectReference)
                .Select(r => (r.CanonicalName[Heads.Length..], r.TargetIdentifier))
                .ToArray();
            return new OriginAnswer.Branches(toMap(heads));
        }
        catch (Exception e) when (e is LibGit2SharpException || LibGit2LastError.IsUnformattable(e))
        {
            if (limit.IsCancellationRequested)
                return new OriginAnswer.Unreachable(Redact($"asking origin {origin.Url} of {name} took longer than {Seconds} s (GIT_TIMEOUT_SECONDS) and was stopped"));
            var error = e as LibGit2SharpException ?? LibGit2LastError.Meant((FormatException)e);
            return new OriginAnswer.Unreachable(ssh.LastRun.Filter(run => run.Failed).Match(
                Some: run => OverSsh(name, origin.Url, SshDiagnosis.Of(run)),
                None: () => UpdateFailures.From(error, "ls-remote", name, origin.Url).Message));
        }
    }

    private static string OverSsh(RepoName name, string url, SshDiagnosis.Verdict verdict)
    {
        var said = verdict.Said.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return Redact($"git ls-remote of {name} (origin {url}) failed: {verdict.Hint}{(said is null ? "" : $" (ssh: {said})")}");
    }

    private string Seconds => settings.StepTimeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static string Redact(string text) => Domain.Checkouts.OriginUrl.Redact(text);
}
