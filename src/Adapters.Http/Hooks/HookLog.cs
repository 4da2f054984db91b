using GitReload.Application.Hooks;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
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
            case HookReceipt.Answered { Decision: Decision.ServerProblem problem } answered:
                Rejected(log, delivery, $"this host cannot act on the checkout: {Said(problem.Problem, answered.Checkout)}");
                break;
            case HookReceipt.Answered answered:
                Settled(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), Said(answered.Decision));
                break;
            case HookReceipt.Queued { Job: { Merged: false } job }:
                Queued(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), job.Id.Value, Said(job.Action), job.QueueSize);
                break;
            case HookReceipt.Queued { Job: var job }:
                Merged(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), job.Id.Value, Said(job.Action), job.QueueSize);
                break;
            case HookReceipt.AlreadyReceived again:
                Settled(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), $"redelivery of job {again.Job}, nothing queued");
                break;
            case HookReceipt.NotRecorded failed:
                NotRecorded(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), failed.Error.Message);
                break;
        }
    }

    /// <summary>Logs a delivery refused before it was handled.</summary>
    public static void Rejected(ILogger log, Delivery delivery, string reason) =>
        Rejected(log, Id(delivery), delivery.Forge.ToString(), Repository(delivery), reason);

    /// <summary>Logs a delivery refused before its body was parsed, so without the repository it names.</summary>
    public static void Rejected(ILogger log, Forge forge, Option<string> deliveryId, string reason) =>
        RejectedUnread(log, deliveryId.Map(Printable).IfNone("(no id)"), forge.ToString(), reason);

    /// <summary>Logs a hook body refused while it was read (<paramref name="what"/> says how); the caller keeps these to a few lines.</summary>
    public static void BodyRefused(ILogger log, Forge forge, Option<string> deliveryId, string route, string what, string notLogged) =>
        BodyRefused(log, deliveryId.Map(Printable).IfNone("(no id)"), forge.ToString(), Printable(route), what, notLogged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hook body of delivery {DeliveryId} from {Forge} to {Route} {What}{NotLogged}")]
    private static partial void BodyRefused(ILogger log, string deliveryId, string forge, string route, string what, string notLogged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} from {Forge} rejected: {Reason}")]
    private static partial void RejectedUnread(ILogger log, string deliveryId, string forge, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} from {Forge} for {Repository} rejected: {Reason}")]
    private static partial void Rejected(ILogger log, string deliveryId, string forge, string repository, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: {Outcome}")]
    private static partial void Settled(ILogger log, string deliveryId, string forge, string repository, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: queued as job {JobId} ({Action}); {QueueSize} job(s) waiting or running")]
    private static partial void Queued(ILogger log, string deliveryId, string forge, string repository, long jobId, string action, int queueSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: merged into job {JobId} ({Action}), which was already waiting; {QueueSize} job(s) waiting or running")]
    private static partial void Merged(ILogger log, string deliveryId, string forge, string repository, long jobId, string action, int queueSize);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} from {Forge} for {Repository}: could not record the job: {Error}")]
    private static partial void NotRecorded(ILogger log, string deliveryId, string forge, string repository, string error);

    private static string Said(Decision decision) => decision.Match(
        pong: _ => "ping answered with pong",
        ignoredEvent: _ => "not a push, ignored",
        badRequest: b => $"refused: {b.Reason}",
        serverProblem: s => $"this host cannot act on the checkout: {Said(s.Problem)}",
        branchMismatch: m => $"pushed {Printable(m.PushedRef)}{(NamesABranch(m.PushedRef) ? "" : " (no branch: a branch is pushed as refs/heads/NAME)")}, but the checkout is on {Printable(m.CheckedOut)}: ignored",
        branchDeleted: d => $"branch {Printable(d.Branch)} was deleted: ignored",
        enqueue: e => $"accepted ({Said(e.Job.Action)})");

    // What was read of the checkout says more than the problem alone: which of REPODIR missing, a file or unreadable, whose a refused folder is, and where a refused link leads.
    private static string Said(CheckoutProblem problem, Option<CheckoutState> checkout) => problem switch
    {
        CheckoutProblem.RepoDirMissing when checkout.Exists(c => c is CheckoutState.NoRepoDir { Unreadable: true }) =>
            "REPODIR cannot be read by the user GitReload runs as (permission denied); give that user read and search access to it",
        CheckoutProblem.RepoDirMissing when checkout.Exists(c => c is CheckoutState.NoRepoDir { NotAFolder: true }) =>
            "REPODIR is a file, not a folder",
        CheckoutProblem.NotACheckout when checkout.Exists(c => c is CheckoutState.NotCloned { LeadsOutsideTo.IsSome: true }) =>
            $"the folder of that name in REPODIR is a symbolic link to {checkout.Bind(LinkTargetOf).Map(Printable).IfNone("")}, outside REPODIR, which GitReload refuses; "
            + "move the checkout into REPODIR, or link to a folder inside it",
        CheckoutProblem.NotACheckout when checkout.Exists(c => c is CheckoutState.NotCloned { BrokenGit: true }) =>
            "the folder of that name in REPODIR has a .git that git cannot open as a repository; clone it again",
        CheckoutProblem.NotACheckout => checkout.Bind(ForeignOwnerOf).Match(Some: Refused, None: () => Said(problem)),
        _ => Said(problem),
    };

    private static Option<string> LinkTargetOf(CheckoutState checkout) =>
        checkout is CheckoutState.NotCloned notCloned ? notCloned.LeadsOutsideTo : Option<string>.None;

    private static Option<ForeignOwner> ForeignOwnerOf(CheckoutState checkout) =>
        checkout is CheckoutState.NotCloned notCloned ? notCloned.OwnedByAnother : Option<ForeignOwner>.None;

    private static string Refused(ForeignOwner owner) => owner.Refusal("the folder of that name in REPODIR");

    private static string Said(CheckoutProblem problem) => problem switch
    {
        CheckoutProblem.RepoDirMissing => "REPODIR does not exist",
        CheckoutProblem.NotACheckout => "there is no git checkout of that name in REPODIR",
        CheckoutProblem.NoOrigin => "the checkout has no remote named origin",
        CheckoutProblem.DetachedHead => "the checkout is on a detached HEAD, not on a branch",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    // The pushed refs, joined by ", " (Decision.BranchMismatch): a body that says "master" pushed no branch at all.
    private static bool NamesABranch(string pushedRefs) =>
        pushedRefs.Split(", ").Any(r => r.StartsWith("refs/heads/", StringComparison.Ordinal));

    private static string Said(JobAction action) => action switch { JobAction.CourseImport => "course import", JobAction.Rollback => "rollback", _ => "update" };

    private static string Id(Delivery delivery) => delivery.Id.Map(Printable).IfNone("(no id)");

    private static string Repository(Delivery delivery) => delivery.Event is HookEvent.Push p ? Named(p.Event.RepositoryName) : "(no repository)";

    // A plain name as it is; one that would read wrongly in the line (empty, with spaces, control characters
    // replaced, or cut short) in quotes, so that where it starts and ends shows.
    private static string Named(string name)
    {
        var shown = Printable(name);
        return shown.Length > 0 && shown == name && !name.Any(char.IsWhiteSpace) && !name.Contains('"')
            ? shown
            : $"\"{shown}{(name.Length > NameShown ? "…" : "")}\"";
    }

    private const int NameShown = 100;

    private static string Printable(string text) => ShownText.Of(text, NameShown);
}
