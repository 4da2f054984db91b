namespace GitReload.Adapters.Git.Checkouts;

/// <summary>Where the checkouts live: one folder per repository under <paramref name="RepoDir"/> (<c>REPODIR</c>).</summary>
public sealed record GitCheckoutSettings(string RepoDir);
