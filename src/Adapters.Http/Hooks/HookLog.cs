using GitReload.Application.Hooks;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.Extensions.Logging;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// One log line per delivery, with its id, forge and repository: rejected ones at Warning with the
/// reason, accepted ones at Information. Never a secret or a signature.
/// </summary>
public static partial class HookLog
{
    /// <summary>Logs how <paramref name="delivery"/> was handled.</summary>
    public static void Write(ILogger log, Delivery delivery, HookReceipt receipt)
    {
        switch (receipt)
        {
            case HookReceipt.Answered { Decision: Decision.BadRequest bad }:
                Rejected(log, delivery, bad.Reason);
                break;
            case HookReceipt.Answered { Decision: Decision.ServerProblem problem }:
                Rejected(log, delivery, $"this host cannot act on the checkout: {problem.Problem}");
                break;
            case HookReceipt.Answered answered:
                Settled(log, Id(delivery), delivery.Forge, Repository(delivery), answered.Decision.GetType().Name);
                break;
            case HookReceipt.Queued queued:
                Queued(log, Id(delivery), delivery.Forge, Repository(delivery), queued.Job.Id.Value, queued.Job.Action.ToString(), queued.Job.Merged, queued.Job.QueueSize);
                break;
            case HookReceipt.AlreadyReceived again:
                Settled(log, Id(delivery), delivery.Forge, Repository(delivery), $"redelivery of job {again.Job}, nothing queued");
                break;
            case HookReceipt.NotRecorded failed:
                NotRecorded(log, Id(delivery), delivery.Forge, Repository(delivery), failed.Error.Message);
                break;
        }
    }

    /// <summary>Logs a delivery refused before it was handled.</summary>
    public static void Rejected(ILogger log, Delivery delivery, string reason) =>
        Rejected(log, Id(delivery), delivery.Forge, Repository(delivery), reason);

    /// <summary>Logs a delivery refused before its body was parsed, so without the repository it names.</summary>
    public static void Rejected(ILogger log, Forge forge, Option<string> deliveryId, string reason) =>
        RejectedUnread(log, deliveryId.Map(Printable).IfNone("-"), forge, reason);

    /// <summary>Logs a hook body refused while it was read (<paramref name="what"/> says how); the caller keeps these to a few lines.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Hook body from {Forge} {What}{NotLogged}")]
    public static partial void BodyRefused(ILogger log, Forge forge, string what, string notLogged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} from {Forge} rejected: {Reason}")]
    private static partial void RejectedUnread(ILogger log, string deliveryId, Forge forge, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} from {Forge} for {Repository} rejected: {Reason}")]
    private static partial void Rejected(ILogger log, string deliveryId, Forge forge, string repository, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: {Outcome}")]
    private static partial void Settled(ILogger log, string deliveryId, Forge forge, string repository, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: job {JobId} ({Action}) merged={Merged}, queue size {QueueSize}")]
    private static partial void Queued(ILogger log, string deliveryId, Forge forge, string repository, long jobId, string action, bool merged, int queueSize);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: could not record the job: {Error}")]
    private static partial void NotRecorded(ILogger log, string deliveryId, Forge forge, string repository, string error);

    private static string Id(Delivery delivery) => delivery.Id.Map(Printable).IfNone("-");

    private static string Repository(Delivery delivery) => delivery.Event is HookEvent.Push p ? Printable(p.Event.RepositoryName) : "-";

    private static string Printable(string text) => new(text.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
