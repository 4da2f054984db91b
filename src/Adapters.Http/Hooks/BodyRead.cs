namespace GitReload.Adapters.Http.Hooks;

/// <summary>How reading a hook body ended.</summary>
public abstract record BodyRead
{
    private BodyRead() { }

    /// <summary>The whole body, within every limit.</summary>
    public sealed record Complete(HookBody Body) : BodyRead;

    /// <summary>Longer than <c>MAX_PAYLOAD_BYTES</c>: 413.</summary>
    public sealed record TooLarge : BodyRead;

    /// <summary>The bodies being read already hold the whole <see cref="BodyBudget"/>: 503, try again soon.</summary>
    public sealed record NoRoom : BodyRead;

    /// <summary>Not sent within the time allowed for a body: 408.</summary>
    public sealed record TooSlow : BodyRead;

    /// <summary>Sent in a way HTTP does not allow (a bad chunk), with the status the server gives that.</summary>
    public sealed record Broken(int Status) : BodyRead;

    /// <summary>The client went away before the end of its body: nobody to answer.</summary>
    public sealed record Abandoned : BodyRead;

    /// <summary>Handles every case.</summary>
    public T Match<T>(
        Func<Complete, T> complete, Func<TooLarge, T> tooLarge, Func<NoRoom, T> noRoom, Func<TooSlow, T> tooSlow,
        Func<Broken, T> broken, Func<Abandoned, T> abandoned) => this switch
    {
        Complete c => complete(c),
        TooLarge l => tooLarge(l),
        NoRoom n => noRoom(n),
        TooSlow s => tooSlow(s),
        Broken b => broken(b),
        Abandoned a => abandoned(a),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
