namespace GitReload.Domain.Jobs;

/// <summary>How a job's targets ended: <paramref name="Succeeded"/>, <paramref name="Superseded"/> (a newer job took their place) and <paramref name="Failed"/>, of <paramref name="Of"/>.</summary>
public sealed record HostTally(int Succeeded, int Superseded, int Failed, int Of)
{
    /// <summary>One target, which ran.</summary>
    public static HostTally One { get; } = new(1, 0, 0, 1);
}
