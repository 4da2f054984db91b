using GitReload.Adapters.Edx.Processes;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Edx.Imports;

/// <summary>
/// Runs <c>git_add_course</c> (or <c>IMPORT_COMMAND</c>) as a child process (<see cref="ChildProcess"/>),
/// argv as a list and never through a shell. Past <see cref="EdxImportSettings.Timeout"/> the whole
/// process tree is killed and the import fails; when the caller's token is cancelled (shutdown) the
/// tree is killed the same way and <see cref="OperationCanceledException"/> propagates.
/// </summary>
public sealed class EdxCliImporter(EdxImportSettings settings) : ICourseImporter
{
    /// <inheritdoc />
    public async Task<Either<JobFailure, ImportOutput>> Import(CourseImport import, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        var argv = ImportCommand.Argv(settings, import);
        if (argv.IsEmpty)
            return JobFailure.Permanent("IMPORT_COMMAND is empty: it needs at least the program to run");
        var workingDirectory = ImportCommand.WorkingDirectory(settings, import);
        if (!Directory.Exists(workingDirectory))
            return JobFailure.Permanent($"Working directory {workingDirectory} of the course import does not exist");

        var ended = await ChildProcess.Run("gitreload-import", argv, workingDirectory, ImportCommand.Environment(settings), settings.Timeout, outputSoFar, cancellationToken);
        return ended.Match<Either<JobFailure, ImportOutput>>(
            exited: e => e.Code == 0
                ? new ImportOutput(e.Output)
                : new JobFailure($"Course import of {import.Repo} exited with code {e.Code}", e.Output, false),
            timedOut: t => new JobFailure(
                $"Course import of {import.Repo} exceeded the time limit of {Describe(settings.Timeout)}; it was killed with its child processes", t.Output, false),
            notStarted: n => JobFailure.Permanent(
                $"Cannot start the course import program {argv.Head} (check {ImportCommand.ProgramKey(settings)}): {n.Reason}"));
    }

    /// <summary>How often a running import's output so far is handed on.</summary>
    public static TimeSpan ProgressEvery => ChildProcess.ProgressEvery;

    internal static string Describe(TimeSpan limit) => ChildProcess.Describe(limit);
}
