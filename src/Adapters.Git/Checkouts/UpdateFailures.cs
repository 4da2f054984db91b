using System.Text.RegularExpressions;
using GitReload.Adapters.Git.FileSystem;
using GitReload.Adapters.Git.Ssh;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Checkouts;

/// <summary>Turns what went wrong during an update into a failure an operator can act on.</summary>
/// <remarks>
/// Relies on: a message is built by interpolation, never used as a format (libgit2's messages hold
/// paths and URLs with braces). Pinned by <c>LibGit2CheckoutsUpdateFailureTests</c> and <c>LibGit2CheckoutsSshTests</c>.
/// </remarks>
internal static partial class UpdateFailures
{
    private const string LockHint =
        "a lock file is held: another git process is working on this checkout, or a crashed one left a *.lock file behind";

    public static JobFailure From(Exception error, string step, RepoName repo, string originUrl)
    {
        var (hint, transient) = Explain(error, step);
        var detail = error.Message.ReplaceLineEndings(" ");
        return new JobFailure(Redact($"git {step} of {repo} (origin {originUrl}) failed: {hint} ({detail})"), "", transient);
    }

    public static JobFailure NotACheckout(RepoName repo, string path) =>
        JobFailure.Permanent($"{repo}: there is no git checkout at {path}; clone the repository there first");

    public static JobFailure Unreadable(RepoName repo, string path, Exception error) =>
        JobFailure.Permanent(Redact($"{repo}: the checkout at {path} cannot be opened ({error.Message.ReplaceLineEndings(" ")})"));

    public static JobFailure OwnedByAnother(RepoName repo, string path, ForeignOwner owner) =>
        JobFailure.Permanent($"{repo}: {owner.Refusal(path)}");

    public static JobFailure LinksOutside(RepoName repo, string path, string target) =>
        JobFailure.Permanent($"{repo}: {path} is a symbolic link to {target}, outside REPODIR; a checkout must be inside REPODIR");

    public static JobFailure NoOrigin(RepoName repo) =>
        JobFailure.Permanent($"{repo}: the checkout has no remote 'origin' to update from; add it with git remote add origin <url>");

    public static JobFailure BranchChanged(RepoName repo, string expected, string found) =>
        JobFailure.Permanent(
            $"{repo}: the checked-out branch changed from {expected} to {found}; nothing was reset. Check out {expected} again to resume updates");

    public static JobFailure BranchGone(RepoName repo, string branch, string originUrl) =>
        JobFailure.Permanent(Redact($"{repo}: branch {branch} no longer exists on origin {originUrl}; nothing was reset"));

    public static JobFailure OverSsh(RepoName repo, string originUrl, SshDiagnosis.Verdict verdict)
    {
        var said = verdict.Said.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var detail = said is null ? "" : $" (ssh: {said})";
        return new JobFailure(Redact($"git fetch of {repo} (origin {originUrl}) failed: {verdict.Hint}{detail}"), verdict.Said, verdict.Transient);
    }

    public static JobFailure TimedOut(string step, RepoName repo, string originUrl, TimeSpan limit) =>
        JobFailure.Passing(Redact(
            $"git {step} of {repo} (origin {originUrl}) took longer than {limit.TotalSeconds:0.###} s (GIT_TIMEOUT_SECONDS) and was stopped"));

    public static JobFailure StillRunning(RepoName repo) =>
        JobFailure.Passing(
            $"{repo}: an earlier git step on this checkout passed its time limit and has not ended yet; the checkout is left alone until it does");

    /// <summary>Hides credentials written into a URL (<c>https://user:token@host/...</c>).</summary>
    public static string Redact(string text) => Domain.Checkouts.OriginUrl.Redact(text);

    // A file of the checkout this user may not write is no lock held: libgit2 words it "'…/FETCH_HEAD' is locked: Permission denied".
    private static (string Hint, bool Transient) Explain(Exception error, string step) => (error, error.Message) switch
    {
        (_, var m) when NotWritable().Match(m) is { Success: true } denied =>
            ($"cannot write {denied.Groups["path"].Value}: permission denied; the checkout must be writable by the user GitReload runs as (uid {Libc.EffectiveUserId()})", false),
        (LockedFileException, _) => (LockHint, true),
        (UnauthorizedAccessException, _) => ("permission denied in the working tree; check who owns the checkout's files", false),
        (IOException, _) => ("a file or folder of the working tree could not be read, moved or removed", true),
        (_, var m) when Says(m, "locked", "lock file", ".lock'") => (LockHint, true),
        (_, var m) when Says(m, "authentication", "credentials", "401", "403", "permission denied") =>
            ("origin refused access; give this service's user access to the repository", false),
        (_, var m) when Says(m, "certificate") => ("origin's TLS certificate was rejected", false),
        (_, var m) when Says(m, "unsupported url protocol") =>
            ("origin's URL is neither an existing path nor a supported protocol; check that the repository still exists there", false),
        (_, var m) when Says(m, "failed to resolve path", "could not find repository", "not found", "404", "does not appear to be a git repository") =>
            ("origin's repository was not found; check that it still exists at that URL", false),
        (_, var m) when Says(m, "could not read refs") =>
            ("origin did not answer; check that its host is reachable and accepts this service's SSH key", true),
        (_, var m) when Says(m, "timed out", "timeout", "failed to connect", "resolve address", "connection", "eof", "disconnect", "network") =>
            ("origin could not be reached", true),
        _ when step == "fetch" => ("fetching from origin failed", true),
        _ => ("unexpected git error", false),
    };

    private static bool Says(string message, params string[] fragments) =>
        fragments.Any(fragment => message.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UserInfo();

    // A local path libgit2 could not open or create, then the OS's EACCES: "'<path>' is locked: Permission denied",
    // "failed to create locked file '<path>': Permission denied". An SSH "Permission denied (publickey)" names no path.
    [GeneratedRegex(@"'(?<path>/[^']*)'[^']*:\s*permission denied", RegexOptions.IgnoreCase)]
    private static partial Regex NotWritable();
}
