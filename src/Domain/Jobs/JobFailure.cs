namespace GitReload.Domain.Jobs;

/// <summary>Why a job step failed, in words an operator can act on.</summary>
/// <param name="Message">One line: what failed and, where known, what to do.</param>
/// <param name="Output">The tail of what the step printed, possibly empty.</param>
/// <param name="Transient">True when trying again later may succeed (network, lock held).</param>
public sealed record JobFailure(string Message, string Output, bool Transient)
{
    /// <summary>A failure that will not go away by trying again.</summary>
    public static JobFailure Permanent(string message) => new(message, "", false);

    /// <summary>A failure that may go away by trying again.</summary>
    public static JobFailure Passing(string message) => new(message, "", true);
}
