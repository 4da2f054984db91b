namespace GitReload.Domain.Checkouts;

/// <summary>
/// A folder under <c>REPODIR</c> owned by the user <paramref name="Owner"/>, not by <paramref name="Service"/>, the user
/// GitReload runs as: git refuses to open it (a clone made with sudo, say) unless <c>safe.directory</c> allows it.
/// </summary>
public sealed record ForeignOwner(uint Owner, uint Service);
