using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Application.Ports;

/// <summary>The check a new tree passes before it is published (<c>VERIFY_COMMAND</c>).</summary>
public interface ITreeCheck
{
    /// <summary>
    /// Checks <paramref name="tree"/>; the output is the tail of what the check printed. While it runs,
    /// <paramref name="outputSoFar"/> gets that tail now and then.
    /// </summary>
    Task<Either<JobFailure, CheckOutput>> Check(StagedTree tree, Action<string> outputSoFar, CancellationToken cancellationToken);
}

/// <summary>The tail of what a passed check printed.</summary>
public sealed record CheckOutput(string Output);

/// <summary>No check: every tree passes. Used when <c>VERIFY_COMMAND</c> is not set.</summary>
public sealed class NoTreeCheck : ITreeCheck
{
    /// <summary>The one instance.</summary>
    public static NoTreeCheck Instance { get; } = new();

    /// <inheritdoc />
    public Task<Either<JobFailure, CheckOutput>> Check(StagedTree tree, Action<string> outputSoFar, CancellationToken cancellationToken) =>
        Task.FromResult<Either<JobFailure, CheckOutput>>(new CheckOutput(""));
}
