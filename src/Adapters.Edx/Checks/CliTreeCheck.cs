using GitReload.Adapters.Edx.Processes;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Edx.Checks;

/// <summary>
/// <c>VERIFY_COMMAND</c>: runs in the new tree before it is published, as the import runs
/// (<see cref="ChildProcess"/>: argv as a list, never through a shell, the import's time limit, the
/// whole process tree killed past it), with the service's own environment. Exit code 0 passes;
/// anything else fails the check, with the tail of what it printed.
/// </summary>
public sealed class CliTreeCheck(TreeCheckSettings settings) : ITreeCheck
{
    /// <inheritdoc />
    public async Task<Either<JobFailure, CheckOutput>> Check(StagedTree tree, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>
        {
            ["repo_dir"] = tree.Folder,
            ["repo_name"] = tree.Repo.Value,
            ["branch"] = tree.Branch,
            ["sha"] = tree.Sha,
        };
        var argv = settings.Command.Map(part => ArgvTemplate.Fill(part, values));
        if (argv.IsEmpty)
            return JobFailure.Permanent("VERIFY_COMMAND is empty: it needs at least the program to run");
        var ended = await ChildProcess.Run("gitreload-verify", argv, tree.Folder, new Dictionary<string, string?>(), settings.Timeout, outputSoFar, cancellationToken);
        return ended.Match<Either<JobFailure, CheckOutput>>(
            exited: e => e.Code == 0
                ? new CheckOutput(e.Output)
                : new JobFailure($"VERIFY_COMMAND exited with code {e.Code}", e.Output, false),
            timedOut: t => new JobFailure(
                $"VERIFY_COMMAND took longer than {ChildProcess.Describe(settings.Timeout)} (SUBPROCESS_TIMEOUT_MINUTES); it was killed with its child processes", t.Output, false),
            notStarted: n => JobFailure.Permanent($"VERIFY_COMMAND's program {argv.Head} cannot be started: {n.Reason}"));
    }
}
