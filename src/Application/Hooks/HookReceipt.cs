using GitReload.Application.Ports;
using GitReload.Domain.Checkouts;
using GitReload.Domain.Hooks;
using GitReload.Domain.Jobs;
using LanguageExt;
using LanguageExt.Common;

namespace GitReload.Application.Hooks;

/// <summary>How a webhook delivery was handled.</summary>
public abstract record HookReceipt
{
    private HookReceipt() { }

    /// <summary>Settled without queueing anything.</summary>
    public sealed record Answered(Decision Decision) : HookReceipt
    {
        /// <summary>This host's checkout as it was read for the decision (none when none was read): what a log says about a problem.</summary>
        public Option<CheckoutState> Checkout { get; init; }
    }

    /// <summary>A job was queued, or the request merged into one.</summary>
    public sealed record Queued(Enqueued Job) : HookReceipt;

    /// <summary>The job should have been queued but could not be recorded.</summary>
    public sealed record NotRecorded(Error Error) : HookReceipt;

    /// <summary>A delivery with this id was already accepted into <paramref name="Job"/>; nothing was queued.</summary>
    public sealed record AlreadyReceived(JobId Job) : HookReceipt;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Answered, T> answered, Func<Queued, T> queued, Func<NotRecorded, T> notRecorded, Func<AlreadyReceived, T> alreadyReceived) => this switch
    {
        Answered a => answered(a),
        Queued q => queued(q),
        NotRecorded n => notRecorded(n),
        AlreadyReceived r => alreadyReceived(r),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
