using LanguageExt;

namespace GitReload.Domain.Checkouts;

/// <summary>What was found on disk for a repository name under <c>REPODIR</c>.</summary>
public abstract record CheckoutState
{
    private CheckoutState() { }

    /// <summary><c>REPODIR</c> itself does not exist or cannot be read.</summary>
    public sealed record NoRepoDir : CheckoutState
    {
        /// <summary><c>REPODIR</c> is there, but this service's user may not read it (permission denied).</summary>
        public bool Unreadable { get; init; }

        /// <summary><c>REPODIR</c> is a file, not a folder.</summary>
        public bool NotAFolder { get; init; }
    }

    /// <summary>There is no git working tree at <c>REPODIR/&lt;name&gt;</c> that this service can use.</summary>
    public sealed record NotCloned : CheckoutState
    {
        /// <summary>The folder is there, but another user owns it, so git refuses it ("dubious ownership").</summary>
        public Option<ForeignOwner> OwnedByAnother { get; init; }

        /// <summary>The folder is a symbolic link to this target, outside <c>REPODIR</c>, which GitReload refuses.</summary>
        public Option<string> LeadsOutsideTo { get; init; }

        /// <summary>The folder has a <c>.git</c> that git cannot open as a repository (a clone cut off, a <c>.git</c> copied without its objects).</summary>
        public bool BrokenGit { get; init; }
    }

    /// <summary>The checkout's HEAD points at a commit, not at a branch.</summary>
    public sealed record Detached : CheckoutState;

    /// <summary>The checkout has no remote called <c>origin</c> to update from or import.</summary>
    public sealed record NoOrigin(string Branch) : CheckoutState;

    /// <summary>The checkout is on <paramref name="Branch"/> and its origin is <paramref name="OriginUrl"/>.</summary>
    public sealed record OnBranch(string Branch, string OriginUrl) : CheckoutState;

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<NoRepoDir, T> noRepoDir,
        Func<NotCloned, T> notCloned,
        Func<Detached, T> detached,
        Func<NoOrigin, T> noOrigin,
        Func<OnBranch, T> onBranch) => this switch
    {
        NoRepoDir n => noRepoDir(n),
        NotCloned n => notCloned(n),
        Detached d => detached(d),
        NoOrigin n => noOrigin(n),
        OnBranch b => onBranch(b),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
