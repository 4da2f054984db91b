using System.ComponentModel;
using System.Globalization;
using CliWrap;
using GitReload.Application.Ports;
using GitReload.Domain.Jobs;
using LanguageExt;

namespace GitReload.Adapters.Edx.Imports;

/// <summary>
/// Runs <c>git_add_course</c> (or <c>IMPORT_COMMAND</c>) as a child process, argv as a list and
/// never through a shell. Past <see cref="EdxImportSettings.Timeout"/> the whole process tree is
/// killed and the import fails; when the caller's token is cancelled (shutdown) the tree is
/// killed the same way and <see cref="OperationCanceledException"/> propagates.
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

        var environment = ImportCommand.Environment(settings);
        foreach (var why in TiedToService.CannotStart(argv.Head, environment.TryGetValue("PATH", out var path) ? path : Environment.GetEnvironmentVariable("PATH")))
            return JobFailure.Permanent($"Cannot start the course import program {argv.Head} (check {ImportCommand.ProgramKey(settings)}): {why}");
        var tied = TiedToService.Argv(argv);
        var tail = new OutputTail(OutputTail.ImportMaxLines, OutputTail.ImportMaxChars);
        var command = Cli.Wrap(tied.Head)
            .WithArguments(tied.Tail)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(tail.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(tail.Add))
            .WithValidation(CommandResultValidation.None);

        // CliWrap 3.10.5 answers forceful cancellation with Process.Kill(entireProcessTree: true).
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Timeout);

        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync(limit.Token);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return JobFailure.Permanent(
                $"Cannot start the course import program {argv.Head} (check {ImportCommand.ProgramKey(settings)}): {Innermost(e).Message}");
        }

        using var reporting = new CancellationTokenSource();
        var reporter = ReportWhileRunning(tail, outputSoFar, reporting.Token);
        try
        {
            var result = await running;
            return result.ExitCode == 0
                ? new ImportOutput(tail.ToString())
                : new JobFailure($"Course import of {import.Repo} exited with code {result.ExitCode}", tail.ToString(), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new JobFailure(
                $"Course import of {import.Repo} exceeded the time limit of {Describe(settings.Timeout)}; it was killed with its child processes",
                tail.ToString(),
                false);
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
    }

    /// <summary>How often a running import's output so far is handed on.</summary>
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    // Hands on the tail once a second while it grows; stops when the import ends.
    private static async Task ReportWhileRunning(OutputTail tail, Action<string> outputSoFar, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        var reported = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (tail.Written == reported) continue;
                reported = tail.Written;
                outputSoFar(tail.ToString());
            }
        }
        catch (OperationCanceledException)
        {
            // The import ended.
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    internal static string Describe(TimeSpan limit) => limit.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMinutes:0.##} minutes")
        : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0.##} seconds");
}
