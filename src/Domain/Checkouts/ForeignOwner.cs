namespace GitReload.Domain.Checkouts;

/// <summary>
/// A folder under <c>REPODIR</c> owned by the user <paramref name="Owner"/>, not by <paramref name="Service"/>, the user
/// GitReload runs as: git refuses to open it (a clone made with sudo, say) unless <c>safe.directory</c> allows it.
/// </summary>
public sealed record ForeignOwner(uint Owner, uint Service)
{
    /// <summary>Why git refuses <paramref name="folder"/> (as the sentence names it) and what to do, in one line: the job's failure and the hook's log say the same.</summary>
    public string Refusal(string folder) =>
        $"{folder} is owned by uid {Owner}, not by uid {Service} that GitReload runs as, so git refuses it (\"dubious ownership\"); "
        + $"chown -R it to uid {Service} (safe.directory is not enough: git would open it, but updates could not write its files)";
}
