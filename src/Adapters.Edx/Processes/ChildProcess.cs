using GitReload.Adapters.Edx.Imports;
using GitReload.Application.Secrets;
using System.ComponentModel;
using System.Globalization;
using CliWrap;
using LanguageExt;

namespace GitReload.Adapters.Edx.Processes;

/// <summary>
/// Runs a program as a child process, its argv a list and never through a shell, keeping the tail
/// of what it prints (stdout and stderr in the order printed). Past the time limit the whole process
/// tree is killed; when the caller's token is cancelled (shutdown) the tree is killed the same way
/// and <see cref="OperationCanceledException"/> propagates; and it dies with GitReload (<see cref="TiedToService"/>). It gets the service's environment without
/// GitReload's secrets (<see cref="SecretSettings"/>).
/// The course import and <c>VERIFY_COMMAND</c> run through it.
/// </summary>
internal static class ChildProcess
{
    /// <summary>How often a running program's output so far is handed on.</summary>
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    /// <summary>How a run ended.</summary>
    public abstract record Ended
    {
        private Ended() { }

        /// <summary>The program exited with <paramref name="Code"/>.</summary>
        public sealed record Exited(int Code, string Output) : Ended;

        /// <summary>The program passed the time limit and was killed with its children.</summary>
        public sealed record TimedOut(string Output) : Ended;

        /// <summary>The program could not be started.</summary>
        public sealed record NotStarted(string Reason) : Ended;

        public T Match<T>(Func<Exited, T> exited, Func<TimedOut, T> timedOut, Func<NotStarted, T> notStarted) => this switch
        {
            Exited e => exited(e),
            TimedOut t => timedOut(t),
            NotStarted n => notStarted(n),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }

    public static async Task<Ended> Run(
        string label, Seq<string> argv, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan limit, Action<string> outputSoFar, CancellationToken cancellationToken)
    {
        foreach (var why in TiedToService.CannotStart(argv.Head, workingDirectory, environment.TryGetValue("PATH", out var path) ? path : Environment.GetEnvironmentVariable("PATH")).LeftToSeq())
            return new Ended.NotStarted(why.Message);
        var tied = TiedToService.Argv(label, argv);
        var tail = new OutputTail(OutputTail.ImportMaxLines, OutputTail.ImportMaxChars);
        var command = Cli.Wrap(tied.Head)
            .WithArguments(tied.Tail)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(WithoutSecrets(environment))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(tail.Add))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(tail.Add))
            .WithValidation(CommandResultValidation.None);

        // CliWrap 3.10.5 answers forceful cancellation with Process.Kill(entireProcessTree: true).
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeLimit.CancelAfter(limit);

        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync(timeLimit.Token);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new Ended.NotStarted(Innermost(e).Message);
        }

        using var reporting = new CancellationTokenSource();
        var reporter = ReportWhileRunning(tail, outputSoFar, reporting.Token);
        try
        {
            var result = await running;
            return new Ended.Exited(result.ExitCode, tail.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Ended.TimedOut(tail.ToString());
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
    }

    // CliWrap starts from the service's environment; a null value removes a variable from it.
    private static Dictionary<string, string?> WithoutSecrets(IReadOnlyDictionary<string, string?> added)
    {
        var environment = SecretSettings.In(Environment.GetEnvironmentVariables().Keys.Cast<string>()).ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in added)
            if (!SecretSettings.Names(name)) environment[name] = value;
        return environment;
    }

    /// <summary>A time limit as a person reads it: minutes, or seconds below one minute.</summary>
    public static string Describe(TimeSpan limit) => limit.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMinutes:0.##} minutes")
        : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0.##} seconds");

    // Hands on the tail once a second while it grows; stops when the program ends.
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
            // The program ended.
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
