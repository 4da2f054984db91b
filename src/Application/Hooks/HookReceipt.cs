using GitReload.Application.Ports;
using GitReload.Domain.Hooks;
using LanguageExt.Common;

namespace GitReload.Application.Hooks;

/// <summary>How a webhook delivery was handled.</summary>
public abstract record HookReceipt
{
    private HookReceipt() { }

    /// <summary>Settled without queueing anything.</summary>
    public sealed record Answered(Decision Decision) : HookReceipt;

    /// <summary>A job was queued, or the request merged into one.</summary>
    public sealed record Queued(Enqueued Job) : HookReceipt;

    /// <summary>The job should have been queued but could not be recorded.</summary>
    public sealed record NotRecorded(Error Error) : HookReceipt;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Answered, T> answered, Func<Queued, T> queued, Func<NotRecorded, T> notRecorded) => this switch
    {
        Answered a => answered(a),
        Queued q => queued(q),
        NotRecorded n => notRecorded(n),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
