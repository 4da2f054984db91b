using GitReload.Application.Hooks;
using GitReload.Domain.Hooks;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>One log line per delivery: what came in and what was done with it.</summary>
public static partial class HookLog
{
    /// <summary>Logs <paramref name="receipt"/> at a level that says whether an operator should look.</summary>
    public static void Write(ILogger log, HookEvent hook, HookReceipt receipt) => receipt.Match(
        answered: a => a.Decision switch
        {
            Decision.ServerProblem s => Log(log, LogLevel.Warning, $"cannot act on {RepoOf(hook)}: {s.Problem}"),
            Decision.BadRequest b => Log(log, LogLevel.Warning, $"rejected a delivery: {b.Reason}"),
            var d => Log(log, LogLevel.Information, $"{RepoOf(hook)}: {d.GetType().Name}"),
        },
        queued: q => Log(log, LogLevel.Information,
            $"{RepoOf(hook)}: job {q.Job.Id} ({q.Job.Action}) {(q.Job.Merged ? "merged into a waiting job" : "queued")}, queue size {q.Job.QueueSize}"),
        notRecorded: n => Log(log, LogLevel.Error, $"{RepoOf(hook)}: could not record the job: {n.Error.Message}"),
        alreadyReceived: r => Log(log, LogLevel.Information, $"{RepoOf(hook)}: redelivery of a delivery accepted into job {r.Job}, nothing queued"));

    private static bool Log(ILogger log, LogLevel level, string message)
    {
        Hook(log, level, message);
        return true;
    }

    private static string RepoOf(HookEvent hook) => hook is HookEvent.Push p ? Printable(p.Event.RepositoryName) : "-";

    private static string Printable(string name) =>
        new(name.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [LoggerMessage(Message = "Hook {Message}")]
    private static partial void Hook(ILogger log, LogLevel level, string message);
}
